// Verifies bearer tokens: signature (the external issuer's PEM key or JWKS, else the development key),
// issuer, audience, expiry; then reads the subject and the roles. Never logs or echoes the token.
import { Inject, Injectable } from '@nestjs/common';
import { createHash, createPublicKey, KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { APP_CONFIG } from '../config/config.module';
import type { AuthConfig } from './auth.config';
import { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER, loadDevSigningKey } from './dev-signing-key';
import { rolesFromClaims, type Principal } from './roles';

/** A token that must be refused with 401, and why (in words safe to send back). */
export class InvalidTokenError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'InvalidTokenError';
  }
}

/** The issuer's keys could not be fetched: our problem (503), not the caller's. */
export class KeysUnavailableError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'KeysUnavailableError';
  }
}

type Key = KeyObject | JWTVerifyGetKey;

/** How long a verified token's result is reused at most (and never past its expiry): the same login
 * service sends the same token with every check, and its signature check was ~1 ms of the API's CPU
 * per request (issue #15). Short, so that a key the issuer withdrew stops working within a minute. */
const VERIFIED_TTL_MS = 60_000;
/** Enough for every caller a process sees in a minute; past it the oldest entries go. */
const VERIFIED_MAX_ENTRIES = 1000;

@Injectable()
export class TokenVerifier {
  private readonly key: Key;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly algorithms: string[];
  readonly mode: 'external' | 'development';
  /** Verified tokens (by their SHA-256: no bearer token is kept) and until when their result holds. */
  private readonly verified = new Map<string, { principal: Principal; untilMs: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AuthConfig) {
    if (config.AUTH_JWKS_URL) {
      this.mode = 'external';
      this.key = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), { timeoutDuration: 3000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
      this.algorithms = config.AUTH_JWT_ALGORITHMS;
    } else if (config.AUTH_JWT_PUBLIC_KEY) {
      this.mode = 'external';
      this.key = createPublicKey(config.AUTH_JWT_PUBLIC_KEY);
      this.algorithms = config.AUTH_JWT_ALGORITHMS;
    } else {
      this.mode = 'development';
      this.key = loadDevSigningKey(config).publicKey;
      this.algorithms = [DEV_ALGORITHM];
    }
    this.issuer = config.AUTH_JWT_ISSUER ?? DEV_ISSUER;
    this.audience = config.AUTH_JWT_AUDIENCE ?? DEV_AUDIENCE;
  }

  async verify(token: string): Promise<Principal> {
    const cacheKey = createHash('sha256').update(token).digest('base64');
    const cached = this.verified.get(cacheKey);
    const now = Date.now();
    if (cached && now < cached.untilMs) return { ...cached.principal, roles: [...cached.principal.roles] };
    if (cached) this.verified.delete(cacheKey);
    const principal = await this.verifyNow(token);
    // Until the expiry itself, without the clock tolerance: a cached answer is never more lenient.
    const untilMs = Math.min(now + VERIFIED_TTL_MS, (principal.expiresAt ?? 0) * 1000);
    if (untilMs > now) {
      if (this.verified.size >= VERIFIED_MAX_ENTRIES) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(cacheKey, { principal, untilMs });
    }
    return { ...principal, roles: [...principal.roles] };
  }

  private async verifyNow(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const verifyOptions = {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: this.algorithms,
        clockTolerance: this.config.AUTH_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      };
      // Two calls rather than a union: jose's overloads take either a key or a key-getter function.
      payload =
        typeof this.key === 'function'
          ? (await jwtVerify(token, this.key, verifyOptions)).payload
          : (await jwtVerify(token, this.key, verifyOptions)).payload;
    } catch (err) {
      throw translate(err);
    }
    // Unknown roles (an IdP's other roles) are ignored.
    const name = typeof payload.name === 'string' ? payload.name : undefined;
    return { subject: payload.sub!, roles: rolesFromClaims(payload, this.config.AUTH_ROLES_CLAIM), via: 'jwt', expiresAt: payload.exp, name };
  }
}

function translate(err: unknown): Error {
  if (err instanceof errors.JWTExpired) return new InvalidTokenError('The bearer token has expired: get a new one.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    const claim = err.claim;
    const what: Record<string, string> = {
      iss: 'was issued by an issuer this API does not trust',
      aud: 'is meant for another audience than this API',
      nbf: 'is not valid yet',
      iat: 'has an invalid issue time',
      sub: 'names no subject (sub)',
      exp: 'has no expiry (exp)',
    };
    return new InvalidTokenError(`The bearer token ${what[claim] ?? `has an invalid "${claim}" claim`}.`);
  }
  if (err instanceof errors.JWKSTimeout) return new KeysUnavailableError('The token issuer\'s keys could not be fetched in time.');
  if (err instanceof errors.JWKSInvalid) return new KeysUnavailableError('The token issuer\'s key set could not be read.');
  if (err instanceof errors.JWKSNoMatchingKey) return new InvalidTokenError('The bearer token is signed with a key this API does not know.');
  if (err instanceof errors.JOSEAlgNotAllowed) return new InvalidTokenError('The bearer token is signed with an algorithm this API does not accept.');
  if (err instanceof errors.JWSSignatureVerificationFailed) return new InvalidTokenError('The bearer token\'s signature is not valid.');
  if (err instanceof errors.JOSEError) return new InvalidTokenError('The bearer token is malformed or not a signed JWT.');
  // A key of another type than the token's algorithm (e.g. an EdDSA token against an RSA key).
  if (err instanceof TypeError && /key/i.test(err.message)) {
    return new InvalidTokenError('The bearer token is signed with a key or algorithm this API does not accept.');
  }
  // The JWKS fetch failed on the network: a system error (duck-typed: it may come from another realm).
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR)/.test(code) && !code.startsWith('ERR_J')) {
    return new KeysUnavailableError(`The token issuer's keys could not be fetched (${code}).`);
  }
  if (typeof message === 'string' && /socket hang up|fetch failed/i.test(message)) {
    return new KeysUnavailableError('The token issuer\'s keys could not be fetched.');
  }
  return new InvalidTokenError('The bearer token could not be verified.');
}
