// The global guard: authenticates the caller (bearer JWT), checks the route's roles, applies the
// route's rate limit. Refusals are problem+json (through ProblemFilter) with a detail a person can act
// on: 401 + WWW-Authenticate without or with a bad token, 403 for a role the route does not admit,
// 429 + Retry-After past the limit. A route that declares nothing is refused to everyone.
import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { ProblemException } from '../http/problem';
import type { CodecConfig } from '../codec/codec.config';
import { cameThroughProxy, isLoopback, listensOnLoopbackOnly } from '../codec/local-ui-access';
import type { AuthConfig } from './auth.config';
import { RateLimiter } from './rate-limiter';
import {
  CONSOLE_FORM_KEY,
  DEV_UI_ACCESS_KEY,
  PUBLIC_KEY,
  RATE_LIMIT_KEY,
  ROLES_KEY,
  type AuthenticatedRequest,
  type Principal,
  type RateLimitName,
  type Role,
} from './roles';
import { clearedCookie, readCookie, SESSION_COOKIE } from './session-cookie';
import { StaffSessions } from './staff-sessions';
import { InvalidTokenError, KeysUnavailableError, TokenVerifier } from './token-verifier';

const REALM = 'ekirjasto-joining';

export { isLoopback };

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AuthConfig & CodecConfig,
    @Inject(StaffSessions) private readonly sessions: StaffSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const route = `${request.method} ${request.route?.path ?? request.path}`;

    const principal = await this.authenticate(
      request,
      response,
      this.reflector.getAllAndOverride<boolean>(DEV_UI_ACCESS_KEY, targets) === true,
      this.reflector.getAllAndOverride<boolean>(CONSOLE_FORM_KEY, targets) === true,
    );

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed) {
      this.logger.error(`${route} declares no access policy (@Roles or @Public): refused to every caller`);
      throw new ProblemException(HttpStatus.FORBIDDEN, `${route} is not open to any role yet (it declares no access policy).`);
    }
    if (!principal.roles.some((r) => allowed.includes(r))) {
      response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="insufficient_scope"`);
      const held = principal.roles.length ? `your role${principal.roles.length > 1 ? 's' : ''} (${principal.roles.join(', ')})` : 'your token, which carries no role this API knows,';
      throw new ProblemException(HttpStatus.FORBIDDEN, `${route} needs one of the roles ${allowed.join(', ')}; ${held} may not call it.`);
    }

    const limit = this.reflector.getAllAndOverride<RateLimitName | undefined>(RATE_LIMIT_KEY, targets);
    if (limit) {
      const decision = this.limiter.take(limit, principal.subject);
      if (!decision.allowed) {
        response.setHeader('Retry-After', String(decision.retryAfterSeconds));
        throw new ProblemException(
          HttpStatus.TOO_MANY_REQUESTS,
          `Too many requests: at most ${decision.limitPerMinute} per minute for this caller. Try again in ${decision.retryAfterSeconds} s.`,
        );
      }
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, response: Response, localUiAllowed: boolean, consoleForm: boolean): Promise<Principal> {
    const header = request.headers.authorization;
    // The session cookie opens pages (GET) and console forms, which check its CSRF token; it never
    // carries the JSON API's changes.
    const session = request.method === 'GET' || consoleForm ? readCookie(request, SESSION_COOKIE) : undefined;
    if (!header && session) return this.verifySession(session, response);
    if (!header) {
      if (localUiAllowed && this.isLocalTemporalUi(request)) {
        return { subject: 'temporal-ui (local, CODEC_ALLOW_UI_WITHOUT_TOKEN)', roles: ['operator'], via: 'local-temporal-ui' };
      }
      response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}"`);
      throw new ProblemException(HttpStatus.UNAUTHORIZED, `This endpoint needs a bearer token: send "Authorization: Bearer <token>".${this.hint()}`);
    }
    const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
    if (!match) {
      response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_request"`);
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'The Authorization header must be "Bearer <token>".');
    }
    try {
      return await this.verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof KeysUnavailableError) {
        this.logger.error(err.message);
        response.setHeader('Retry-After', '5');
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, `${err.message} Try again shortly.`);
      }
      const detail = err instanceof InvalidTokenError ? err.detail : 'The bearer token could not be verified.';
      response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_token"`);
      throw new ProblemException(HttpStatus.UNAUTHORIZED, detail + this.hint());
    }
  }

  /** A staff member's browser session (after OpenID Connect sign-in), from PostgreSQL. */
  private async verifySession(value: string, response: Response): Promise<Principal> {
    const principal = await this.sessions.principal(value);
    if (principal) return principal;
    response.setHeader('Set-Cookie', clearedCookie(SESSION_COOKIE));
    response.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_token"`);
    throw new ProblemException(HttpStatus.UNAUTHORIZED, 'Your session has ended: sign in again at /auth/sign-in.');
  }

  /**
   * Development only (refused in production by codecConfigProblems): the Temporal UI's codec calls
   * carry no token. Admitted when the switch is on, the request comes from this machine and the
   * browser says it comes from a configured UI origin. A web page elsewhere cannot pass for the UI:
   * its browser sends its own Origin. Never through a proxy, never when the API listens beyond loopback.
   */
  private isLocalTemporalUi(request: AuthenticatedRequest): boolean {
    if (!this.config.CODEC_ALLOW_UI_WITHOUT_TOKEN || this.config.NODE_ENV === 'production') return false;
    if (cameThroughProxy(request.headers) || !listensOnLoopbackOnly(request.socket)) return false;
    const origin = request.headers.origin;
    return typeof origin === 'string' && this.config.TEMPORAL_UI_ORIGINS.includes(origin) && isLoopback(request.socket.remoteAddress);
  }

  private hint(): string {
    return this.verifier.mode === 'development' ? ' For local development: npm run --silent token -- <staff|operator|admin|login-service>.' : '';
  }
}
