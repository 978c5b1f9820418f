// One validated configuration for every process. Read once at start-up; a bad or missing value stops
// the process with a message naming the variable and what is expected.
import { z } from 'zod';
import { authConfigProblems, authConfigShape } from '../auth/auth.config';
import { codecConfigProblems, codecConfigShape } from '../codec/codec.config';
import { registerConfigProblems, registerConfigShape, registerSettings, type RegisterSettings } from './register.config';
import { oidcConfigProblems, oidcConfigShape } from '../auth/oidc.config';

const duration = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?)$/, 'a duration such as "500ms", "30s", "7 days"');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 24 * HOUR_MS;

const port = z.coerce.number().int().min(0).max(65535);

const integrationStep = z.object({
  step: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'step ids are lower-case words joined by hyphens'),
  automatic: z.boolean(),
  description: z.string().optional(),
});

/** The technical integration checklist (design): one step verified by an activity, the rest by staff. */
export const DEFAULT_INTEGRATION_STEPS: z.infer<typeof integrationStep>[] = [
  { step: 'library-system-endpoint', automatic: true, description: "The consortium's library system answers E-kirjasto's calls" },
  { step: 'patron-authentication', automatic: false, description: 'Patron authentication against the library system configured' },
  { step: 'app-presence', automatic: false, description: "The consortium's libraries are visible in the E-kirjasto app" },
];

/** The worker's two Prometheus endpoints (npm start gives each further worker process the next pair). */
export const WORKER_METRICS_DEFAULTS = { WORKER_METRICS_ADDRESS: '127.0.0.1:9464', WORKER_APP_METRICS_ADDRESS: '127.0.0.1:9465' };

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  WORKER_METRICS_ADDRESS: z.string().regex(/^(off|[^\s:]+:\d{1,5})$/, 'must be host:port (e.g. 127.0.0.1:9464) or off').default(WORKER_METRICS_DEFAULTS.WORKER_METRICS_ADDRESS),
  WORKER_APP_METRICS_ADDRESS: z.string().regex(/^(off|[^\s:]+:\d{1,5})$/, 'must be host:port (e.g. 127.0.0.1:9465) or off').default(WORKER_METRICS_DEFAULTS.WORKER_APP_METRICS_ADDRESS),
  HEALTH_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1000),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  DATABASE_URL: z
    .string({ required_error: 'is required: the PostgreSQL connection URL (npm start sets it for you)' })
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:7233').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE_ONBOARDING: z.string().min(1).default('ekirjasto-onboarding'),
  TEMPORAL_TASK_QUEUE_ELIGIBILITY: z.string().min(1).default('ekirjasto-eligibility'),
  TEMPORAL_TLS: bool.default('false'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  ...registerConfigShape,
  /** How long a worker trusts its snapshot of joined municipalities; 0 reads the database at every check. */
  JOINED_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  ELIGIBILITY_BUDGET_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** turvakielto: the National Library has no permit yet to process these persons' municipality. */
  NON_DISCLOSURE_PERMIT: bool.default('false'),
  AUDIT_HMAC_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  LIBRARY_SYSTEM_URL_TEMPLATE: z
    .string()
    .regex(/\{consortiumId\}/, 'must contain {consortiumId}')
    .default('http://127.0.0.1:4020/library-systems/{consortiumId}/health'),
  INTEGRATION_STEPS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return DEFAULT_INTEGRATION_STEPS;
      try {
        return z.array(integrationStep).min(1).parse(JSON.parse(v));
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `must be a JSON array of {step, automatic, description?}: ${(err as Error).message}` });
        return z.NEVER;
      }
    }),
  // Never 0 (that sent reminders back to back) nor above a year (no cadence at all); the hourly floor
  // for real recipients is checked in loadConfig, since tests and demos compress time.
  REMINDER_INTERVAL: duration
    .refine((v) => durationToMs(v) >= 1000 && durationToMs(v) <= YEAR_MS, 'must be between 1 second and 365 days, e.g. "7 days"')
    .default('7 days'),
  REMINDER_BEFORE_DEADLINE: duration.default('3 days'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().default('E-kirjasto <ekirjasto@kansalliskirjasto.fi>'),
  ...authConfigShape,
  ...codecConfigShape,
  ...oidcConfigShape,
  /** Reminders about members with no contact yet (no survey answer) go here; unset: skipped with a log line. */
  ONBOARDING_STAFF_EMAIL: z.string().email('must be an e-mail address').optional(),
});

const processCount = (name: string) => {
  const message = `must be a whole number of ${name} processes from 1 to 16`;
  return z.coerce.number({ invalid_type_error: message }).int(message).min(1, message).max(16, message).default(1);
};

/** How many API and worker processes `npm start` runs against its one Temporal server and database. */
const processCountsSchema = z.object({ API_PROCESSES: processCount('API'), WORKER_PROCESSES: processCount('worker') });
export type ProcessCounts = z.infer<typeof processCountsSchema>;

export function loadProcessCounts(env: NodeJS.ProcessEnv = process.env): ProcessCounts {
  return parseEnv(processCountsSchema, env);
}

export type AppConfig = Omit<z.infer<typeof schema>, 'AUDIT_HMAC_SECRET' | keyof RegisterSettings> & {
  AUDIT_HMAC_SECRET: string;
} & RegisterSettings;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEVELOPMENT_AUDIT_SECRET = 'development-only-audit-secret-change-me';

/** Parses the set (non-empty) variables of `env`; one line per bad value. */
function parseEnv<T extends z.ZodTypeAny>(shape: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = shape.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  return result.data;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config = parseEnv(schema, env);
  const problems: string[] = [];
  // Reminders go to people: more often than hourly is spam.
  if (config.NODE_ENV === 'production' && durationToMs(config.REMINDER_INTERVAL) < HOUR_MS) {
    problems.push('REMINDER_INTERVAL: must be at least 1 hour in production (reminders go to people), e.g. "7 days"');
  }
  if (config.NODE_ENV === 'production' && !config.AUDIT_HMAC_SECRET) {
    problems.push('AUDIT_HMAC_SECRET: is required in production (the key that hashes identity codes in audit records)');
  }
  if (Boolean(config.TEMPORAL_TLS_CERT_PATH) !== Boolean(config.TEMPORAL_TLS_KEY_PATH)) {
    problems.push('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH: give both (a client certificate and its key) or neither');
  }
  problems.push(...authConfigProblems(config), ...codecConfigProblems(config), ...registerConfigProblems(config), ...oidcConfigProblems(config));
  if (problems.length) throw new ConfigError(problems);
  return { ...config, ...registerSettings(config), AUDIT_HMAC_SECRET: config.AUDIT_HMAC_SECRET ?? DEVELOPMENT_AUDIT_SECRET };
}

/** "7 days" → milliseconds; the grammar is the one `duration` accepts. */
export function durationToMs(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?)$/.exec(value.trim());
  if (!m) throw new Error(`not a duration: ${value}`);
  const unit = m[2];
  const factor = unit === 'ms' ? 1 : unit.startsWith('s') ? 1000 : unit === 'm' || unit.startsWith('minute') ? 60_000 : unit.startsWith('h') ? 3_600_000 : 86_400_000;
  return Number(m[1]) * factor;
}
