import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { PROJECT_ROOT } from '../project-root';

const run = promisify(execFile);

/**
 * Applies the committed migrations with the Prisma CLI (Prisma has no programmatic migrate API),
 * through the preload that carries the CLI's workarounds.
 */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const cli = path.join(PROJECT_ROOT, 'node_modules', 'prisma', 'build', 'index.js');
  const preload = path.join(PROJECT_ROOT, 'scripts', 'prisma-cli-preload.cjs');
  try {
    await run(process.execPath, ['-r', preload, cli, 'migrate', 'deploy'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed: ${e.stderr || e.stdout || e.message}`);
  }
}
