// The development token issuer: an Ed25519 key pair generated once into AUTH_DEV_KEY_FILE, so that
// `npm run token` signs tokens the running API (a separate process) accepts. Refused in production
// (authConfigProblems) and whenever an external issuer is configured.
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { AuthConfig, ttlToSeconds, usesExternalIssuer } from './auth.config';
import { readOrCreateDevSecret } from './dev-secret-file';
import { ROLES, type Role } from './roles';

export const DEV_ISSUER = 'urn:ekirjasto-joining:dev';
export const DEV_AUDIENCE = 'urn:ekirjasto-joining:api';
export const DEV_ALGORITHM = 'EdDSA';

interface DevKeyFile {
  kid: string;
  alg: typeof DEV_ALGORITHM;
  createdAt: string;
  privateKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
}

export interface DevSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function parse(raw: unknown): DevKeyFile {
  const f = raw as Partial<DevKeyFile>;
  if (!f || typeof f.kid !== 'string' || f.alg !== DEV_ALGORITHM || f.privateKeyJwk?.crv !== 'Ed25519' || !f.privateKeyJwk.d) {
    throw new Error('not a development signing key file (expected kid, alg "EdDSA" and an Ed25519 private JWK)');
  }
  return f as DevKeyFile;
}

export function loadDevSigningKey(config: AuthConfig): DevSigningKey {
  if (config.NODE_ENV === 'production') {
    throw new Error('The development signing key is refused in production: configure AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL');
  }
  const file = readOrCreateDevSecret(
    config.AUTH_DEV_KEY_FILE,
    (): DevKeyFile => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const jwk = privateKey.export({ format: 'jwk' }) as DevKeyFile['privateKeyJwk'];
      return { kid: `dev-${randomBytes(6).toString('hex')}`, alg: DEV_ALGORITHM, createdAt: new Date().toISOString(), privateKeyJwk: jwk };
    },
    parse,
  );
  const privateKey = createPrivateKey({ key: file.privateKeyJwk, format: 'jwk' });
  return { kid: file.kid, privateKey, publicKey: createPublicKey(privateKey) };
}

export interface DevTokenOptions {
  subject?: string;
  /** e.g. "8h"; AUTH_DEV_TOKEN_TTL by default. */
  ttl?: string;
}

/** Signs a bearer token with the development key. Refuses when tokens come from an external issuer. */
export async function signDevToken(config: AuthConfig, roles: Role[], options: DevTokenOptions = {}): Promise<string> {
  if (usesExternalIssuer(config)) {
    throw new Error(
      'Tokens come from an external issuer here (AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL is set): get one from that issuer; ' +
        'the development key signs nothing the API would accept',
    );
  }
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length || !roles.length) throw new Error(`roles must be some of ${ROLES.join(', ')}`);
  const key = loadDevSigningKey(config);
  const ttlSeconds = ttlToSeconds(options.ttl ?? config.AUTH_DEV_TOKEN_TTL);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(nestedClaim(config.AUTH_ROLES_CLAIM, roles))
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(config.AUTH_JWT_ISSUER ?? DEV_ISSUER)
    .setAudience(config.AUTH_JWT_AUDIENCE ?? DEV_AUDIENCE)
    .setSubject(options.subject ?? (roles[0] === 'login-service' ? 'login-service' : `dev-${roles.join('-')}`))
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .setJti(randomBytes(9).toString('base64url'))
    .sign(key.privateKey);
}

/** "realm_access.roles" → { realm_access: { roles } }: the same path the verifier reads. */
function nestedClaim(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}
