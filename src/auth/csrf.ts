// Cross-site request forgery: a form posted with the staff session cookie must carry the session's
// token (a hidden field) and come from a page of this site (Origin, or Referer when there is no
// Origin). Bearer-token callers are not browsers riding on a cookie: nothing to check.
import { ForbiddenException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Principal } from './roles';

export const CSRF_FIELD = '_csrf';

function originOf(value: string | undefined): string | undefined {
  try {
    return value ? new URL(value).origin : undefined;
  } catch {
    return undefined;
  }
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Throws 403 with a sentence a person understands when the form is not this session's own. */
export function assertSameSiteForm(request: Request, principal: Principal | undefined, publicBaseUrl: string): void {
  if (!principal?.session) return;
  const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  if (typeof sent !== 'string' || !sameText(sent, principal.session.csrfToken)) {
    throw new ForbiddenException('This form was not sent from a page of this console in your session (its security token is missing or old). Open the page again and resend the form.');
  }
  const origin = originOf(request.headers.origin) ?? originOf(request.headers.referer);
  const allowed = [originOf(publicBaseUrl), originOf(`${request.protocol}://${request.headers.host}`)];
  if (!origin || !allowed.includes(origin)) {
    throw new ForbiddenException('This form came from another site, or the browser did not say where it came from. Open the page again and resend the form.');
  }
}
