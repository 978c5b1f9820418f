import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The checkout's root, the same whether running from source (ts-jest) or from dist/. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'prisma', 'schema.prisma'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the project root above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
