// The worker process's Temporal Runtime: the SDK's logs (its own, Core's forwarded ones, and the
// workflow/activity context loggers) go to pino as structured lines, and Core's metrics are exported
// for Prometheus. `Runtime.install` may be called once per process, before any worker or connection.
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { makeTelemetryFilterString, Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { Level } from 'pino';
import type { Logger } from './logger';
import { type ObservabilityConfig } from './observability-config';

const PINO_METHOD: Record<LogLevel, Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The SDK's log level for a LOG_LEVEL (`fatal` and `silent` have no SDK counterpart: ERROR). */
export function temporalLogLevel(level: ObservabilityConfig['LOG_LEVEL']): LogLevel {
  switch (level) {
    case 'trace':
      return 'TRACE';
    case 'debug':
      return 'DEBUG';
    case 'info':
      return 'INFO';
    case 'warn':
      return 'WARN';
    default:
      return 'ERROR';
  }
}

/**
 * The Temporal SDK's `Logger` on top of pino. Metadata keeps the SDK's attributes (sdkComponent,
 * workflowId, runId, workflowType, activityId, activityType, attempt, taskQueue, namespace…); an
 * `error` or `failure` is serialised as an error. Symbol keys (the SDK's timestamp) are dropped.
 */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const method = PINO_METHOD[level] ?? 'info';
    if (!this.logger.isLevelEnabled(method)) return;
    const fields: Record<string, unknown> = {};
    if (meta) {
      for (const [key, value] of Object.entries(meta)) {
        if (key === 'error' || key === 'failure') fields.err = value;
        else fields[key] = typeof value === 'bigint' ? value.toString() : value;
      }
    }
    this.logger[method](fields, message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * The Runtime options of the worker process: SDK and Core logs through `logger` at LOG_LEVEL (third-
 * party crates inside Core at WARN at most), and Core's Prometheus exporter on WORKER_METRICS_ADDRESS
 * (`temporal_*` metrics at /metrics) unless that is `off`.
 */
export function workerRuntimeOptions(
  config: Pick<ObservabilityConfig, 'LOG_LEVEL' | 'WORKER_METRICS_ADDRESS'>,
  logger: Logger,
): RuntimeOptions {
  const level = temporalLogLevel(config.LOG_LEVEL);
  const other: LogLevel = level === 'ERROR' ? 'ERROR' : 'WARN';
  return {
    logger: new PinoTemporalLogger(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: level, other }), forward: {} },
      ...(config.WORKER_METRICS_ADDRESS !== 'off' && {
        metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } },
      }),
    },
  };
}

/** Installs the worker's Runtime; call first thing in the worker process (it throws if one exists). */
export function installWorkerRuntime(
  config: Pick<ObservabilityConfig, 'LOG_LEVEL' | 'WORKER_METRICS_ADDRESS'>,
  logger: Logger,
): Runtime {
  return Runtime.install(workerRuntimeOptions(config, logger));
}
