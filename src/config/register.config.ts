// Configuration of the population register (DVV's VTJ person query over Suomi.fi Palveluväylä): a zod
// fragment merged into src/config/config.ts, and the cross-field rules it adds to its problem list.
// The development defaults are the register simulator's defaults too, so that `npm start` and the
// tests need no setting; production must set every credential and identifier itself.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_X_ROAD_SERVICE, parseXRoadClient, parseXRoadService } from '../../activities/population-register/vtj-protocol';

/** What the simulator expects and the adapter sends when nothing is configured (never in production). */
export const DEVELOPMENT_REGISTER = {
  url: 'http://127.0.0.1:4010',
  username: 'ekirjasto-dev',
  password: 'ekirjasto-dev-password',
  client: 'FI-DEV/EDU/0313471-7/ekirjasto',
  service: DEFAULT_X_ROAD_SERVICE,
  userId: 'ekirjasto-login',
} as const;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const YEAR_MS = 365.25 * 86_400_000;

/** "5 years", "1825 days": how long audit rows of register queries are kept. */
export function retentionToMs(value: string): number {
  const [amount, unit] = value.trim().split(/\s+/);
  return Number(amount) * (unit.startsWith('year') ? YEAR_MS : 86_400_000);
}

export const registerConfigShape = {
  /** The full URL the SOAP envelope is POSTed to: the security server's, or the simulator's. */
  REGISTER_URL: z.string().url('must be the full http(s) URL the SOAP envelope is POSTed to (the X-Road security server)').optional(),
  REGISTER_TIMEOUT_MS: z.coerce.number().int().min(10).max(30_000).default(700),
  /** Kayttajatunnus of DVV's technical user. */
  REGISTER_USERNAME: z.string().min(1).optional(),
  /** Salasana: never logged. */
  REGISTER_PASSWORD: z.string().min(1).optional(),
  XROAD_CLIENT: z
    .string()
    .refine((v) => parseXRoadClient(v) !== undefined, 'must be INSTANCE/CLASS/MEMBER/SUBSYSTEM, e.g. FI/EDU/0313471-7/ekirjasto')
    .optional(),
  XROAD_SERVICE: z
    .string()
    .refine((v) => parseXRoadService(v) !== undefined, 'must be INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE/VERSION')
    .default(DEFAULT_X_ROAD_SERVICE),
  XROAD_USER_ID: z.string().min(1).max(200).optional(),
  REGISTER_TLS_CERT_PATH: z.string().optional(),
  REGISTER_TLS_KEY_PATH: z.string().optional(),
  REGISTER_TLS_CA_PATH: z.string().optional(),
  /** 900-999 are temporary codes; DVV's test environment's test persons have them. */
  REGISTER_ALLOW_TEMPORARY_CODES: bool.default('false'),
  AUDIT_RETENTION: z
    .string()
    .regex(/^\d{1,5}\s+(days?|years?)$/, 'must be a number of days or years, e.g. "5 years" or "1826 days"')
    .refine((v) => retentionToMs(v) >= 86_400_000, 'must be at least 1 day')
    .default('5 years'),
};

interface RegisterFields {
  NODE_ENV: string;
  REGISTER_URL?: string;
  REGISTER_USERNAME?: string;
  REGISTER_PASSWORD?: string;
  XROAD_CLIENT?: string;
  XROAD_USER_ID?: string;
  REGISTER_TLS_CERT_PATH?: string;
  REGISTER_TLS_KEY_PATH?: string;
  REGISTER_TLS_CA_PATH?: string;
}

export function registerConfigProblems(config: RegisterFields): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === 'production') {
    const required: [keyof RegisterFields, string][] = [
      ['REGISTER_URL', "the security server's URL the SOAP envelope is POSTed to"],
      ['REGISTER_USERNAME', "DVV's technical user (Kayttajatunnus)"],
      ['REGISTER_PASSWORD', "that user's password (Salasana)"],
      ['XROAD_CLIENT', 'our X-Road subsystem, INSTANCE/CLASS/MEMBER/SUBSYSTEM'],
      ['XROAD_USER_ID', 'the X-Road userId header'],
    ];
    for (const [name, what] of required) if (!config[name]) problems.push(`${name}: is required in production (${what})`);
  }
  if (Boolean(config.REGISTER_TLS_CERT_PATH) !== Boolean(config.REGISTER_TLS_KEY_PATH)) {
    problems.push('REGISTER_TLS_CERT_PATH and REGISTER_TLS_KEY_PATH: give both (a client certificate and its key) or neither');
  }
  for (const name of ['REGISTER_TLS_CERT_PATH', 'REGISTER_TLS_KEY_PATH', 'REGISTER_TLS_CA_PATH'] as const) {
    const file = config[name];
    if (file && !existsSync(file)) problems.push(`${name}: no such file`);
  }
  const tls = config.REGISTER_TLS_CERT_PATH || config.REGISTER_TLS_CA_PATH;
  if (tls && config.REGISTER_URL && !config.REGISTER_URL.startsWith('https://')) {
    problems.push('REGISTER_URL: must be an https:// URL when REGISTER_TLS_* certificates are given');
  }
  return problems;
}

export interface RegisterSettings {
  REGISTER_URL: string;
  REGISTER_USERNAME: string;
  REGISTER_PASSWORD: string;
  XROAD_CLIENT: string;
  XROAD_USER_ID: string;
}

/** Outside production, what is not set falls back to the simulator's development account. */
export function registerSettings(config: Partial<RegisterSettings>): RegisterSettings {
  return {
    REGISTER_URL: config.REGISTER_URL ?? DEVELOPMENT_REGISTER.url,
    REGISTER_USERNAME: config.REGISTER_USERNAME ?? DEVELOPMENT_REGISTER.username,
    REGISTER_PASSWORD: config.REGISTER_PASSWORD ?? DEVELOPMENT_REGISTER.password,
    XROAD_CLIENT: config.XROAD_CLIENT ?? DEVELOPMENT_REGISTER.client,
    XROAD_USER_ID: config.XROAD_USER_ID ?? DEVELOPMENT_REGISTER.userId,
  };
}
