// Configuration of staff sign-in (OpenID Connect), staff sessions and the municipalities' survey
// links: a zod fragment that src/config/config.ts merges into its schema, and the rules across values.
import { z } from 'zod';
import { TOKEN_TTL_PATTERN } from './auth.config';

const DEVELOPMENT_LINK_SECRET = 'development-only-survey-link-secret-change-me';

export const oidcConfigShape = {
  /** The OpenID provider (its discovery document is at `<issuer>/.well-known/openid-configuration`). */
  OIDC_ISSUER_URL: z.string().url('must be the OpenID provider\'s issuer URL').optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where the provider sends the browser back: this API's /auth/callback, as the provider knows it. */
  OIDC_REDIRECT_URL: z.string().url('must be the full URL of this API\'s /auth/callback').optional(),
  /** Where the provider sends the browser after sign-out; default: /auth/signed-out next to the redirect URL. */
  OIDC_POST_LOGOUT_REDIRECT_URL: z.string().url('must be a full URL').optional(),
  /** Where the roles are in the ID token: a claim name or a dotted path (e.g. realm_access.roles). */
  OIDC_ROLES_CLAIM: z.string().regex(/^[A-Za-z0-9_:/.-]+$/, 'must be a claim name or a dotted path').default('roles'),
  OIDC_SCOPES: z.string().regex(/(^|\s)openid(\s|$)/, 'must include openid').default('openid profile email roles'),
  /** How long a staff session lasts after sign-in. */
  STAFF_SESSION_TTL: z.string().regex(TOKEN_TTL_PATTERN, 'a lifetime such as "8h", "30m" or "1d"').default('8h'),
  /** The console's address as people reach it: links in e-mails start with it. */
  PUBLIC_BASE_URL: z.string().url('must be the http(s):// address people reach this service at').default('http://127.0.0.1:3000'),
  /** HMAC key of the municipalities' survey links. */
  SURVEY_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long a survey link in a reminder works. */
  SURVEY_LINK_TTL: z.string().regex(TOKEN_TTL_PATTERN, 'a lifetime such as "30d" or "72h"').default('30d'),
};

const oidcConfigSchema = z.object(oidcConfigShape);
export type OidcConfig = z.infer<typeof oidcConfigSchema> & { NODE_ENV: 'development' | 'test' | 'production' };

/** Whether staff can sign in with OpenID Connect (all four values set). */
export function oidcEnabled(config: OidcConfig): config is OidcConfig & Required<Pick<OidcConfig, 'OIDC_ISSUER_URL' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_REDIRECT_URL'>> {
  return Boolean(config.OIDC_ISSUER_URL && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET && config.OIDC_REDIRECT_URL);
}

export function surveyLinkSecret(config: Pick<OidcConfig, 'SURVEY_LINK_SECRET'>): string {
  return config.SURVEY_LINK_SECRET ?? DEVELOPMENT_LINK_SECRET;
}

export function oidcConfigProblems(config: OidcConfig): string[] {
  const problems: string[] = [];
  const given = (['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const).filter((k) => config[k]);
  if (given.length > 0 && given.length < 4) {
    const missing = (['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const).filter((k) => !config[k]);
    problems.push(`${missing.join(', ')}: staff sign-in needs OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URL together`);
  }
  if (config.OIDC_REDIRECT_URL && !new URL(config.OIDC_REDIRECT_URL).pathname.endsWith('/auth/callback')) {
    problems.push('OIDC_REDIRECT_URL: must end in /auth/callback, where this API takes the provider\'s answer');
  }
  if (config.NODE_ENV === 'production') {
    for (const key of ['OIDC_ISSUER_URL', 'OIDC_REDIRECT_URL', 'OIDC_POST_LOGOUT_REDIRECT_URL', 'PUBLIC_BASE_URL'] as const) {
      const value = config[key];
      if (value && !value.startsWith('https://')) problems.push(`${key}: must be an https:// URL in production`);
    }
    if (!config.SURVEY_LINK_SECRET) problems.push('SURVEY_LINK_SECRET: is required in production (the key that signs the municipalities\' survey links)');
  }
  return problems;
}
