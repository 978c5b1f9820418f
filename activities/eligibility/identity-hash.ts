import { createHmac } from 'node:crypto';

/**
 * Identity codes are kept only as keyed hashes: the same person gives the same hash (so checks can be
 * counted and traced on request), but the code cannot be recovered without the secret.
 */
export function hashIdentityCode(secret: string, identityCode: string): string {
  return createHmac('sha256', secret).update(identityCode, 'utf8').digest('hex');
}
