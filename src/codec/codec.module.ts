// The codec server endpoint (/codec/encode, /codec/decode) with its CORS, and the API's payload codec.
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { CodecConfig } from './codec.config';
import { CodecCorsMiddleware } from './codec-cors.middleware';
import { CodecController } from './codec.controller';
import { createEncryptionCodec } from './data-converter';
import { EncryptionCodec } from './encryption-codec';

@Module({
  controllers: [CodecController],
  providers: [{ provide: EncryptionCodec, inject: [APP_CONFIG], useFactory: (config: CodecConfig) => createEncryptionCodec(config) }],
  exports: [EncryptionCodec],
})
export class CodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CodecCorsMiddleware).forRoutes({ path: 'codec/*path', method: RequestMethod.ALL });
  }
}
