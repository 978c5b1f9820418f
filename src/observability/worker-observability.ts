// The worker process's logging and metrics in one call, made first thing in src/worker/main.ts.
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/config';
import { createLogger, type Logger } from './logger';
import { WorkerMetrics } from './metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { observabilityConfig, type ObservabilityKeys } from './observability-config';
import { installWorkerRuntime } from './temporal-runtime';

export interface WorkerObservability {
  logger: Logger;
  metrics: WorkerMetrics;
  /** The app metrics endpoint (prom-client), unless WORKER_APP_METRICS_ADDRESS is off. */
  metricsServer?: MetricsServer;
  close(): Promise<void>;
}

/**
 * Creates the worker's logger, installs the Temporal Runtime (SDK and Core logs to that logger, Core's
 * `temporal_*` metrics on WORKER_METRICS_ADDRESS) and serves the worker's own metrics (register
 * latency, failures, attempts) on WORKER_APP_METRICS_ADDRESS. Two endpoints, one per exporter: no
 * proxying, and either can be off.
 */
export async function setUpWorkerObservability(
  config: AppConfig & Partial<ObservabilityKeys>,
  options: { destination?: DestinationStream } = {},
): Promise<WorkerObservability> {
  const settings = observabilityConfig(config);
  const logger = createLogger(settings, { service: 'worker', destination: options.destination });
  installWorkerRuntime(settings, logger);
  const metrics = new WorkerMetrics();
  const metricsServer =
    settings.WORKER_APP_METRICS_ADDRESS === 'off' ? undefined : await startMetricsServer(metrics.registry, settings.WORKER_APP_METRICS_ADDRESS);
  logger.info(
    {
      event: 'worker-metrics',
      temporalMetrics: settings.WORKER_METRICS_ADDRESS === 'off' ? 'off' : `http://${settings.WORKER_METRICS_ADDRESS}/metrics`,
      appMetrics: metricsServer?.url ?? 'off',
    },
    'worker metrics endpoints',
  );
  return {
    logger,
    metrics,
    metricsServer,
    close: async () => {
      await metricsServer?.close();
      logger.flush();
    },
  };
}
