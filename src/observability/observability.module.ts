// Everything operational of the API in one module: logging, /metrics, /health/live and /health/ready.
import { DynamicModule, Module, type INestApplication } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { HealthController, ReadinessChecks } from './health';
import { HTTP_LOGGER, LoggingModule, type LoggingOptions } from './logging.module';
import { ApiMetrics } from './metrics';
import { MetricsController, MetricsCoreModule } from './metrics.module';

/** The controllers that must answer without authentication (probes and the Prometheus scraper). */
export const OBSERVABILITY_CONTROLLERS = [HealthController, MetricsController] as const;

export interface ObservabilityOptions extends LoggingOptions {
  /**
   * Class decorators applied to the health and metrics controllers, e.g. `[Public()]` so that a global
   * authentication guard lets probes and the scraper through.
   */
  controllerDecorators?: ClassDecorator[];
}

@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions = {}): DynamicModule {
    for (const decorate of options.controllerDecorators ?? []) {
      for (const controller of OBSERVABILITY_CONTROLLERS) decorate(controller);
    }
    return {
      module: ObservabilityModule,
      imports: [LoggingModule.forRoot({ destination: options.destination }), MetricsCoreModule, TerminusModule.forRoot({ logger: false })],
      controllers: [...OBSERVABILITY_CONTROLLERS],
      providers: [ReadinessChecks],
    };
  }
}

// A WeakSet rather than a mark on the app: NestFactory wraps the app in a Proxy that refuses new properties.
const installed = new WeakSet<object>();

/**
 * Request logging, request ids and HTTP metrics for every request, and Nest's own logs through pino.
 * Call it first in configureApp, before the JSON body parser: requests refused by the parser are then
 * logged and counted too.
 */
export function installObservability(app: INestApplication): void {
  // Idempotent: a test that calls it before configureApp (which calls it too) logs each request once.
  if (installed.has(app)) return;
  installed.add(app);
  app.use(app.get(HTTP_LOGGER));
  app.use(app.get(ApiMetrics).httpMiddleware());
  app.useLogger(app.get(NestPinoLogger));
  app.flushLogs();
}
