import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { IllegalStateError } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { createDataConverter } from '../codec/data-converter';
import type { Logger } from '../observability/logger';
import { ROOT_LOGGER } from '../observability/logging.module';
import { observabilityConfig } from '../observability/observability-config';
import { workerRuntimeOptions } from '../observability/temporal-runtime';
import { temporalConnectionOptions } from './connection-options';
import { LazyNativeConnection } from './lazy-native-connection';

/**
 * The Runtime behind the API's native client: SDK and Core logs to the API's logger, no metrics
 * exporter, and no signal handlers (Nest's shutdown hooks own SIGTERM). Where a Runtime exists already
 * (a test process that also runs workers), that one serves.
 */
function ensureRuntime(config: AppConfig, logger: Logger | undefined): void {
  if (!logger) return;
  try {
    Runtime.install({ ...workerRuntimeOptions({ ...observabilityConfig(config), WORKER_METRICS_ADDRESS: 'off' }, logger), shutdownSignals: [] });
  } catch (err) {
    if (!(err instanceof IllegalStateError)) throw err;
  }
}

/** The API's Temporal client. The connection is lazy so that the API starts while Temporal is still coming up. */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [APP_CONFIG, { token: ROOT_LOGGER, optional: true }],
      useFactory: (config: AppConfig, logger: Logger | undefined) => {
        ensureRuntime(config, logger);
        return new Client({
          connection: new LazyNativeConnection(temporalConnectionOptions(config)),
          namespace: config.TEMPORAL_NAMESPACE,
          // Payloads leave this process encrypted: Temporal and its UI hold only ciphertext.
          dataConverter: createDataConverter(config),
        });
      },
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
