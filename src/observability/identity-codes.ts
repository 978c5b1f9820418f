// The last line of defence against personal identity codes (henkilötunnus) in logs: whatever looks
// like one is replaced, in any string, key or serialised log line. Redaction of the known fields
// (personId, guardianId, …) comes first; this catches what slips past it (an error message, a header,
// a field nobody expected).

/** What replaces an identity code. */
export const IDENTITY_CODE_PLACEHOLDER = '[henkilötunnus]';

/**
 * DDMMYY, a century sign (+ 1800s; - U V W X Y 1900s; A B C D E F 2000s), ZZZ and a check character.
 * A superset of `\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b`:
 * - lower case too (the API refuses it, but a refused code is still somebody's);
 * - `_` counts as a separator (`id_131052-308T`);
 * - a code may follow a letter g-z (`hetu131052-308T`) or a JSON escape (`\n131052-308T` in a serialised
 *   line, where `\b` would see "n1" and not match); it may not follow 0-9/a-f, so that the pieces of
 *   UUIDs and hex hashes are left alone.
 */
const SOURCE = String.raw`(?<=^|[^0-9A-Fa-f]|\\[bf]|\\u[0-9A-Fa-f]{4})\d{6}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y](?![0-9A-Za-z])`;

/** For `.test()`: no global flag, so no `lastIndex` state. */
export const IDENTITY_CODE_PATTERN = new RegExp(SOURCE);
const GLOBAL = new RegExp(SOURCE, 'g');

export function containsIdentityCode(text: string): boolean {
  return IDENTITY_CODE_PATTERN.test(text);
}

/** Replaces every identity code in one string (a message, or a whole serialised JSON log line). */
export function scrubString(text: string): string {
  // replace() with a global regex always starts at 0 and resets lastIndex: safe to share.
  return text.replace(GLOBAL, IDENTITY_CODE_PLACEHOLDER);
}

const MAX_DEPTH = 32;

/**
 * Returns a copy of `value` with identity codes replaced in every string, object key, array element,
 * and in errors (message, stack and own properties; the prototype is kept so that the copy is still an
 * `instanceof` its class). Other values (numbers, dates, class instances, functions) are returned as
 * they are. Cycles and depth are bounded.
 */
export function scrubIdentityCodes<T>(value: T): T {
  return scrub(value, new WeakMap(), 0) as T;
}

function scrub(value: unknown, seen: WeakMap<object, unknown>, depth: number): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(scrub(item, seen, depth + 1));
    return copy;
  }
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value)) as Error & Record<string, unknown>;
    seen.set(value, copy);
    for (const key of ['name', 'message', 'stack'] as const) {
      if (typeof value[key] === 'string') Object.defineProperty(copy, key, { value: scrubString(value[key]!), writable: true, configurable: true, enumerable: false });
    }
    if ('cause' in value) Object.defineProperty(copy, 'cause', { value: scrub(value.cause, seen, depth + 1), writable: true, configurable: true, enumerable: false });
    copyProperties(value, copy, seen, depth);
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  copyProperties(value as Record<string, unknown>, copy, seen, depth);
  return copy;
}

function copyProperties(from: object, to: Record<string, unknown>, seen: WeakMap<object, unknown>, depth: number): void {
  for (const [key, item] of Object.entries(from)) to[scrubString(key)] = scrub(item, seen, depth + 1);
}
