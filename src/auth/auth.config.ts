// Configuration of authentication and rate limiting: a zod fragment that src/config/config.ts merges
// into its schema (`...authConfigShape`), and the cross-field rules it adds to its problem list
// (`problems.push(...authConfigProblems(config))`). Only zod here: config.ts imports this file.
import { z } from 'zod';

/** "8h", "30m", "3600s", "1d": what token lifetimes are written as. */
export const TOKEN_TTL_PATTERN = /^(\d+)\s*(s|m|h|d)$/;

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export const authConfigShape = {
  /** Expected `iss` of bearer tokens. Required with an external key; the development key uses its own. */
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  /** Expected `aud` of bearer tokens. Required with an external key; the development key uses its own. */
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  /** The issuer's public key (PEM, SPKI "BEGIN PUBLIC KEY" or an X.509 certificate). Or AUTH_JWKS_URL. */
  AUTH_JWT_PUBLIC_KEY: z
    .string()
    .regex(/-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/, 'must be a PEM public key ("-----BEGIN PUBLIC KEY-----") or certificate')
    .optional(),
  /** The issuer's JWKS document (keys fetched on demand and cached, so the issuer can rotate them). */
  AUTH_JWKS_URL: z.string().url('must be the https:// URL of the issuer\'s JWKS document').optional(),
  /** Signature algorithms accepted from the external issuer. Symmetric (HS*) and "none" never are. */
  AUTH_JWT_ALGORITHMS: z
    .string()
    .default('RS256,PS256,ES256,EdDSA')
    .transform((v, ctx) => {
      const list = v.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((a) => !(ALGORITHMS as readonly string[]).includes(a));
      if (bad.length || !list.length) {
        ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${ALGORITHMS.join(', ')} (got ${bad.join(', ') || 'nothing'})` });
        return z.NEVER;
      }
      return list;
    }),
  /** Where the roles are in the token: a claim name, or a dotted path such as realm_access.roles. */
  AUTH_ROLES_CLAIM: z.string().regex(/^[A-Za-z0-9_:/.-]+$/, 'must be a claim name or a dotted path').default('roles'),
  /** Clock skew tolerated on exp/nbf/iat, in seconds. */
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /** Lifetime of tokens that `npm run token` signs with the development key. */
  AUTH_DEV_TOKEN_TTL: z.string().regex(TOKEN_TTL_PATTERN, 'a lifetime such as "8h", "30m" or "1d"').default('8h'),
  /** The development signing key, created on first use. Never used when an external issuer is configured. */
  AUTH_DEV_KEY_FILE: z.string().min(1).default('.data/dev-jwt-key.json'),
  /** Eligibility checks per minute per caller (the token's subject); 0 turns the limit off. */
  ELIGIBILITY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(6000),
};

const authConfigSchema = z.object(authConfigShape);
export type AuthConfig = z.infer<typeof authConfigSchema> & { NODE_ENV: 'development' | 'test' | 'production' };

/** Whether bearer tokens come from an external issuer (production) or the local development key. */
export function usesExternalIssuer(config: Pick<AuthConfig, 'AUTH_JWT_PUBLIC_KEY' | 'AUTH_JWKS_URL'>): boolean {
  return Boolean(config.AUTH_JWT_PUBLIC_KEY || config.AUTH_JWKS_URL);
}

/** Rules across several values: one line per problem, as loadConfig reports them. */
export function authConfigProblems(config: AuthConfig): string[] {
  const problems: string[] = [];
  if (config.AUTH_JWT_PUBLIC_KEY && config.AUTH_JWKS_URL) {
    problems.push('AUTH_JWT_PUBLIC_KEY and AUTH_JWKS_URL: give one of them (the issuer\'s key, or where to fetch its keys), not both');
  }
  if (usesExternalIssuer(config)) {
    if (!config.AUTH_JWT_ISSUER) problems.push('AUTH_JWT_ISSUER: is required with an external token issuer (the expected "iss" of bearer tokens)');
    if (!config.AUTH_JWT_AUDIENCE) problems.push('AUTH_JWT_AUDIENCE: is required with an external token issuer (the expected "aud" of bearer tokens)');
    if (config.AUTH_JWKS_URL && config.NODE_ENV === 'production' && !config.AUTH_JWKS_URL.startsWith('https://')) {
      problems.push('AUTH_JWKS_URL: must be an https:// URL in production');
    }
  } else if (config.NODE_ENV === 'production') {
    problems.push(
      'AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL: is required in production (with AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE); ' +
        'the development signing key in .data/ is refused there',
    );
  }
  return problems;
}

/** Only this fragment, from the environment: for `npm run token`, which needs no database URL. */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const nodeEnv = z.enum(['development', 'test', 'production']).default('development').safeParse(present.NODE_ENV);
  const result = authConfigSchema.safeParse(present);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (!nodeEnv.success) problems.push('NODE_ENV: must be development, test or production');
  if (problems.length || !result.success || !nodeEnv.success) throw new Error(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const config = { ...result.data, NODE_ENV: nodeEnv.data };
  const more = authConfigProblems(config);
  if (more.length) throw new Error(`Invalid configuration:\n${more.map((p) => `  - ${p}`).join('\n')}`);
  return config;
}

export function ttlToSeconds(ttl: string): number {
  const m = TOKEN_TTL_PATTERN.exec(ttl.trim());
  if (!m) throw new Error(`not a token lifetime: ${ttl}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}
