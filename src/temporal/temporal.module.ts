import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { createDataConverter } from '../codec/data-converter';
import { temporalConnectionOptions } from './connection-options';

/** The API's Temporal client. The connection is lazy so that the API starts while Temporal is still coming up. */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Client({
          connection: Connection.lazy(temporalConnectionOptions(config)),
          namespace: config.TEMPORAL_NAMESPACE,
          // Payloads leave this process encrypted: Temporal and its UI hold only ciphertext.
          dataConverter: createDataConverter(config),
        }),
    },
  ],
  exports: [Client],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
