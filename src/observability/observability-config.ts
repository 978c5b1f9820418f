// The configuration keys of logging, metrics and health checks. The zod lines are meant to be spread
// into the schema of src/config/config.ts; until they are, `observabilityConfig()` fills in defaults so
// that this module works with an AppConfig that lacks them.
import { z } from 'zod';
import { ConfigError, type AppConfig } from '../config/config';

/** `host:port`, or `off`. */
const listenAddress = z
  .string()
  .regex(/^(off|[^\s:]+:\d{1,5})$/, 'must be host:port (e.g. 127.0.0.1:9464) or off');

export const observabilityConfigShape = {
  /** `json` (one JSON object a line, the default) or `pretty` (pino-pretty, for a developer's terminal; a dev dependency). */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** Where the Temporal SDK's own Prometheus exporter (Core: `temporal_*` metrics) listens in the worker process. */
  WORKER_METRICS_ADDRESS: listenAddress.default('127.0.0.1:9464'),
  /** Where the worker's application metrics (register latency, failures, retries; prom-client) are served. */
  WORKER_APP_METRICS_ADDRESS: listenAddress.default('127.0.0.1:9465'),
  /** Budget of each readiness check (database, Temporal, register). */
  HEALTH_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1000),
};

const schema = z.object(observabilityConfigShape);

export type ObservabilityKeys = z.infer<typeof schema>;

export type ObservabilityConfig = Pick<AppConfig, 'LOG_LEVEL' | 'REGISTER_URL' | 'NODE_ENV'> & ObservabilityKeys;

/**
 * The observability settings: each key from the loaded configuration, else from the environment (for
 * as long as src/config/config.ts does not carry these keys: its schema drops unknown variables), else
 * its default. Invalid values throw a ConfigError naming the variable.
 */
export function observabilityConfig(
  config: Pick<AppConfig, 'LOG_LEVEL' | 'REGISTER_URL' | 'NODE_ENV'> & Partial<ObservabilityKeys>,
  env: NodeJS.ProcessEnv = process.env,
): ObservabilityConfig {
  const given = Object.fromEntries(
    Object.keys(observabilityConfigShape).flatMap((k) => {
      const v = (config as Record<string, unknown>)[k] ?? (env[k] === '' ? undefined : env[k]);
      return v === undefined ? [] : [[k, v]];
    }),
  );
  const result = schema.safeParse(given);
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return { ...result.data, LOG_LEVEL: config.LOG_LEVEL, REGISTER_URL: config.REGISTER_URL, NODE_ENV: config.NODE_ENV };
}

/** `127.0.0.1:9464` → { host, port }; `off` → null. */
export function parseListenAddress(address: string): { host: string; port: number } | null {
  if (address === 'off') return null;
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}
