// Development secrets (the JWT signing key, the payload encryption keys) live in files under .data/
// (git-ignored), created once by whichever process needs them first, readable by the owner only.
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';

/** A relative setting is relative to the checkout, so the API, the worker and `npm run token` agree. */
export function resolveDevFile(file: string): string {
  return path.isAbsolute(file) ? file : path.join(PROJECT_ROOT, file);
}

/**
 * Reads the file (through `parse`), creating it with the JSON of `create()` first when it is missing. Creation is atomic (written
 * aside, then hard-linked into place, which fails if another process won the race), so concurrent
 * first starts end up with the same secret.
 */
export function readOrCreateDevSecret<T>(file: string, create: () => object, parse: (raw: unknown) => T): T {
  const target = resolveDevFile(file);
  try {
    return parse(JSON.parse(readFileSync(target, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${target}: cannot use this development secret (${(err as Error).message}); delete the file to create a new one`);
    }
  }
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const aside = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(aside, JSON.stringify(create(), null, 2) + '\n', { mode: 0o600 });
  try {
    linkSync(aside, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(aside);
  }
  return parse(JSON.parse(readFileSync(target, 'utf8')));
}
