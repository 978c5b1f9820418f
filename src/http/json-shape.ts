/** Deeper than any body of this API; deep enough nesting would overflow the validators' recursion. */
export const MAX_JSON_DEPTH = 16;

/** Keys that mean nothing to this API but would reach object prototypes in careless code. */
export const FORBIDDEN_KEY_NAMES = ['__proto__', 'constructor', 'prototype'] as const;
const FORBIDDEN_KEYS = new Set<string>(FORBIDDEN_KEY_NAMES);

/**
 * What is wrong with the shape of a parsed JSON body, or undefined. Iterative, so that the check itself
 * cannot overflow the stack.
 */
export function jsonShapeProblem(body: unknown): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return `The request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `The request body may not contain a field named "${key}".`;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return undefined;
}
