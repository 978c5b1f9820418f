// Who may call a route, declared on the controller or handler (the handler's declaration wins).
// The global AuthGuard enforces it; a route with no declaration is refused to everyone (fail closed).
// The matrix of this API is in docs/access-policy.md.
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';

export const ROLES = ['staff', 'operator', 'admin', 'login-service'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'ekirjasto:roles';
export const PUBLIC_KEY = 'ekirjasto:public';
export const RATE_LIMIT_KEY = 'ekirjasto:rate-limit';
export const DEV_UI_ACCESS_KEY = 'ekirjasto:dev-ui-access';

export const BEARER_SCHEME = 'bearer';

/** Callers holding at least one of these roles may call the route. */
export function Roles(...roles: Role[]) {
  if (!roles.length) throw new Error('@Roles() needs at least one role');
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({ description: 'No bearer token, or an invalid or expired one (problem+json)' }),
    ApiForbiddenResponse({ description: `The token's roles do not include one of: ${roles.join(', ')} (problem+json)` }),
  );
}

/** No authentication: health, metrics. (The API docs are not Nest routes and are public anyway.) */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Reads of the joining data: staff, operators and admins. */
export const StaffRead = () => Roles('staff', 'operator', 'admin');
/** Staff actions that change onboardings or joining rounds: staff and admins. */
export const StaffAction = () => Roles('staff', 'admin');
/** The login service's eligibility check, and nothing else it may do. */
export const LoginServiceOnly = () => Roles('login-service');
/** Decrypting or encrypting Temporal payloads (the codec server): operators and admins. */
export const OperatorAccess = () => Roles('operator', 'admin');

/** Requests per minute per caller, from a named limit in configuration (see RateLimiter). */
export type RateLimitName = 'eligibility';
export const RateLimit = (name: RateLimitName) => SetMetadata(RATE_LIMIT_KEY, name);

/**
 * The Temporal UI on this machine may call the route without a token, when CODEC_ALLOW_UI_WITHOUT_TOKEN
 * is on (development only): see "The Temporal UI and the codec endpoint" in docs/access-policy.md.
 */
export const AllowLocalTemporalUi = () => SetMetadata(DEV_UI_ACCESS_KEY, true);

/**
 * A browser form of the console: besides GET, the staff session cookie admits POSTs here, because the
 * route checks the session's CSRF token and the request's origin (see ./csrf.ts).
 */
export const CONSOLE_FORM_KEY = 'ekirjasto:console-form';
export const ConsoleForm = () => SetMetadata(CONSOLE_FORM_KEY, true);

/** The roles this API knows, from a token's or ID token's claims (a claim name or a dotted path). */
export function rolesFromClaims(claims: Record<string, unknown>, claimPath: string): Role[] {
  let value: unknown = claims;
  for (const part of claimPath.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return [...new Set(list.filter((r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r)))];
}

/** Who called: set on the request by AuthGuard. */
export interface Principal {
  /** The token's `sub` (or "temporal-ui (local)" for the development UI access). */
  subject: string;
  roles: Role[];
  /** How the caller was authenticated: a bearer token, a staff session (browser), the local Temporal UI. */
  via: 'jwt' | 'session' | 'local-temporal-ui';
  /** A person's display name (the ID token's or bearer token's `name`), when known. */
  name?: string;
  /** The browser session, when the caller came with one: its forms carry this CSRF token. */
  session?: { id: string; csrfToken: string };
  /** The token's expiry (seconds since the epoch), when there is one. */
  expiresAt?: number;
}

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The caller, in a handler: `@CurrentPrincipal() principal: Principal`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});
