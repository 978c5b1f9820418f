// What an idempotency key is bound to: a keyed hash (HMAC with the audit secret) of the key and of the
// whole request. Keyed, so that a hash of a request carrying an identity code reveals nothing to whoever
// reads a workflow id, a memo or a database row without the secret.
import { createHmac } from 'node:crypto';
import { unprocessable } from '../http/problem';

export function keyedHash(secret: string, purpose: string, value: unknown): string {
  return createHmac('sha256', secret).update(`${purpose}\0${canonicalJson(value)}`, 'utf8').digest('hex');
}

/** JSON with object keys sorted, so that the same request hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The answer to a key reused for another request: never says what the first request was. */
export function keyReusedForDifferentRequest() {
  return unprocessable(
    'This Idempotency-Key was used for a different request. Send a new key for a new request; repeat a request only with exactly the same route, target and body.',
  );
}
