// Runs schemathesis (installed by scripts/install-tools.sh into .tools/schemathesis) against a running
// API and returns its exit code and output. Offline: the schema and every request go to the API on
// loopback, nothing is uploaded, and examples are kept in memory only.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SCHEMATHESIS = path.resolve(__dirname, '../../../.tools/schemathesis/bin/schemathesis');
const CONFIG = path.resolve(__dirname, 'schemathesis.toml');

export interface SchemathesisRun {
  code: number | null;
  output: string;
}

/** One `schemathesis run` over the API's own document with every check and every phase. */
export function runSchemathesis(apiUrl: string, token: string, args: string[], timeoutMs: number): Promise<SchemathesisRun> {
  if (!existsSync(SCHEMATHESIS)) throw new Error(`${SCHEMATHESIS} is missing: run npm run tools`);
  // Its working folder: nothing (a .hypothesis folder, reports) is left in the checkout.
  const cwd = mkdtempSync(path.join(tmpdir(), 'schemathesis-'));
  const env = { ...process.env, NO_PROXY: '*', no_proxy: '*', PYTHONDONTWRITEBYTECODE: '1' };
  const argv = [
    '--config-file', CONFIG,
    'run', `${apiUrl}/docs/openapi.json`,
    '--url', apiUrl,
    '--header', `Authorization: Bearer ${token}`,
    '--checks', 'all',
    '--phases', 'examples,coverage,fuzzing,stateful',
    '--generation-database', 'none',
    '--request-timeout', '30',
    '--no-color',
    ...args,
  ];
  return new Promise((resolve) => {
    execFile(SCHEMATHESIS, argv, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      rmSync(cwd, { recursive: true, force: true });
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, output: `${stdout}${stderr}${err?.killed ? `\n(stopped after ${timeoutMs} ms)` : ''}` });
    });
  });
}
