import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';

const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'py', 'bin');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function resolveBinary(envName: string, name: string, searchPath: boolean): string {
  const fromEnv = process.env[envName];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envName}=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const local = path.join(TOOLS_BIN, name);
  if (existsSync(local)) return local;
  const found = searchPath ? onPath(name) : undefined;
  if (found) return found;
  throw new Error(`The ${name} binary is missing: run \`npm run tools\` (installs it into .tools/), or set ${envName}.`);
}

/** The Temporal CLI (dev server + Web UI). */
export const temporalCliPath = (): string => resolveBinary('TEMPORAL_CLI_PATH', 'temporal', true);
/** The time-skipping test server. */
export const temporalTestServerPath = (): string =>
  resolveBinary('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server', false);
