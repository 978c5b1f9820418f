// Staff sign-in with OpenID Connect through panva's certified `openid-client`, version 5: it is a
// dual CommonJS/ESM package, so the CommonJS Nest build and Jest's CommonJS mode load it as they are
// (version 6 is ESM-only and would need a dynamic import that Jest's CommonJS mode cannot run).
// Authorization code flow with PKCE (S256), state and nonce, bound to the browser by a cookie.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { BaseClient, custom, generators, Issuer } from 'openid-client';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PrismaClient } from '../database/prisma';
import { oidcEnabled } from './oidc.config';
import { rolesFromClaims, type Role } from './roles';
import type { NewSession } from './staff-sessions';

const ATTEMPT_SECONDS = 600;

/** A sign-in that cannot go on, in words for the person in front of the browser. */
export class SignInError extends Error {}

custom.setHttpOptionsDefaults({ timeout: 5000 });

@Injectable()
export class OidcService {
  private readonly logger = new Logger('Sign-in');
  private client?: Promise<BaseClient>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
  ) {}

  get enabled(): boolean {
    return oidcEnabled(this.config);
  }

  get postLogoutRedirectUrl(): string {
    return this.config.OIDC_POST_LOGOUT_REDIRECT_URL ?? new URL('/auth/signed-out', this.config.OIDC_REDIRECT_URL).toString();
  }

  /** Discovered once, when first needed: the API starts even while the provider is down. */
  private async oidcClient(): Promise<BaseClient> {
    if (!oidcEnabled(this.config)) throw new SignInError('Single sign-on is not configured on this server (OIDC_ISSUER_URL).');
    const config = this.config;
    this.client ??= Issuer.discover(config.OIDC_ISSUER_URL).then(
      (issuer) =>
        new issuer.Client({
          client_id: config.OIDC_CLIENT_ID,
          client_secret: config.OIDC_CLIENT_SECRET,
          redirect_uris: [config.OIDC_REDIRECT_URL],
          post_logout_redirect_uris: [this.postLogoutRedirectUrl],
          response_types: ['code'],
        }),
    );
    try {
      return await this.client;
    } catch (err) {
      this.client = undefined;
      this.logger.error({ err }, 'the identity provider could not be reached');
      throw new SignInError('The sign-in service cannot be reached right now. Try again in a moment.');
    }
  }

  /** Where to send the browser, and the state its cookie must carry back. */
  async begin(returnTo: string): Promise<{ url: string; state: string; maxAgeSeconds: number }> {
    const client = await this.oidcClient();
    const state = generators.state();
    const nonce = generators.nonce();
    const codeVerifier = generators.codeVerifier();
    await this.prisma.staffLoginAttempt.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await this.prisma.staffLoginAttempt.create({
      data: { state, nonce, codeVerifier, returnTo, expiresAt: new Date(Date.now() + ATTEMPT_SECONDS * 1000) },
    });
    const url = client.authorizationUrl({
      scope: this.config.OIDC_SCOPES,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, maxAgeSeconds: ATTEMPT_SECONDS };
  }

  /** The provider's answer at /auth/callback: the person, and where they were going. */
  async complete(callbackUrl: string, browserState: string | undefined): Promise<{ session: NewSession; returnTo: string }> {
    const client = await this.oidcClient();
    const params = client.callbackParams(callbackUrl);
    if (params.error) throw new SignInError(`The sign-in service refused: ${params.error_description ?? params.error}.`);
    if (!params.state || params.state !== browserState) throw new SignInError('This sign-in was not started in this browser, or it has expired.');
    const attempts = await this.prisma.staffLoginAttempt.findMany({ where: { state: params.state } });
    await this.prisma.staffLoginAttempt.deleteMany({ where: { state: params.state } });
    const attempt = attempts[0];
    if (!attempt || attempt.expiresAt <= new Date()) throw new SignInError('This sign-in has expired or was already used.');
    let claims: Record<string, unknown>;
    let idToken: string;
    try {
      const tokens = await client.callback(this.config.OIDC_REDIRECT_URL, params, {
        state: attempt.state,
        nonce: attempt.nonce,
        code_verifier: attempt.codeVerifier,
        response_type: 'code',
      });
      claims = tokens.claims();
      idToken = tokens.id_token!;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'sign-in callback refused');
      throw new SignInError('The sign-in could not be completed. Start again.');
    }
    const roles: Role[] = rolesFromClaims(claims, this.config.OIDC_ROLES_CLAIM).filter((r) => r !== 'login-service');
    if (roles.length === 0) throw new SignInError('Your account has no staff, operator or admin role for this service.');
    const subject = String(claims.sub);
    const name = typeof claims.name === 'string' ? claims.name : typeof claims.email === 'string' ? claims.email : subject;
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    return { session: { subject, name, email, roles, idToken }, returnTo: attempt.returnTo };
  }

  /** The provider's sign-out (RP-initiated logout), or undefined when it has none. */
  async endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
    try {
      const client = await this.oidcClient();
      return client.endSessionUrl({ id_token_hint: idToken, post_logout_redirect_uri: this.postLogoutRedirectUrl });
    } catch {
      return undefined;
    }
  }
}
