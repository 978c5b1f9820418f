// Logging for the Nest API: one pino logger (ROOT_LOGGER) for the process, pino-http for requests
// (HTTP_LOGGER, installed by installObservability before the body parser so that every request is
// logged, refused bodies included), and nestjs-pino so that Nest's Logger and PinoLogger write through
// the same logger, with the request id on every line written while serving a request.
import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule as NestPinoLoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { createHttpLogger } from './http-logging';
import { createLogger, type Logger } from './logger';
import { observabilityConfig } from './observability-config';

/** The process's pino logger (redacting, scrubbing). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
/** The pino-http middleware. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');
/** Optional: where log lines go instead of stdout (tests). */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

export interface LoggingOptions {
  /** Lines go here instead of stdout (tests pass a MemoryDestination). */
  destination?: DestinationStream;
}

@Global()
@Module({})
class LoggerCoreModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggerCoreModule,
      providers: [
        { provide: LOG_DESTINATION, useValue: options.destination ?? null },
        {
          provide: ROOT_LOGGER,
          inject: [APP_CONFIG, LOG_DESTINATION],
          useFactory: (config: AppConfig, destination: DestinationStream | null): Logger =>
            createLogger(observabilityConfig(config), { destination: destination ?? undefined, service: 'api' }),
        },
        { provide: HTTP_LOGGER, inject: [ROOT_LOGGER], useFactory: (logger: Logger) => createHttpLogger(logger) },
      ],
      exports: [ROOT_LOGGER, HTTP_LOGGER],
    };
  }
}

@Global()
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions = {}): DynamicModule {
    const core = LoggerCoreModule.forRoot(options);
    return {
      module: LoggingModule,
      imports: [
        core,
        NestPinoLoggerModule.forRootAsync({
          imports: [core],
          inject: [ROOT_LOGGER],
          // useExisting: pino-http is installed by installObservability (before the body parser); this
          // module only binds each request's logger for Nest's Logger and PinoLogger.
          useFactory: (logger: Logger) => ({ pinoHttp: { logger }, useExisting: true, assignResponse: true }),
        }),
      ],
      exports: [core, NestPinoLoggerModule],
    };
  }
}
