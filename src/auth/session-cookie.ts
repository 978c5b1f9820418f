import type { Request } from 'express';

/** A staff member's browser session: a random value whose hash names a row of StaffSession. */
export const SESSION_COOKIE = 'ekj_session';
/** A sign-in under way: binds the provider's answer to the browser that asked (no login CSRF). */
export const SIGN_IN_COOKIE = 'ekj_sign_in';

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Lax (sent on the top-level navigation back from the identity
 * provider; other sites' forms and scripts do not carry it), Secure outside development.
 */
export function cookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

export const clearedCookie = (name: string) => `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;

/** Secure cookies in production, and whenever the request came over https. */
export function secureCookies(request: Request, nodeEnv: string): boolean {
  return nodeEnv === 'production' || request.secure || request.headers['x-forwarded-proto'] === 'https';
}
