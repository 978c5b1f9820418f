// Child processes of the reliability tests: the REAL worker (src/worker/main.ts) and API (src/main.ts)
// run the way production runs them, so that they can be SIGKILLed; small helpers for ports and waiting.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { ManagedProcess, spawnManaged } from '../../../src/devstack/child-process';

export const REPO = path.resolve(__dirname, '..', '..', '..');
const WORKER_MAIN = path.join(REPO, 'src', 'worker', 'main.ts');
const API_MAIN = path.join(REPO, 'src', 'main.ts');

export { freePort } from '../../support/ports';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true; throws with `what()` after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: () => string,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting: ${what()}`);
    await sleep(everyMs);
  }
}

export { isAlive } from '../../../src/devstack/child-process';

/** A fresh payload key ring for one test file, shared by its Temporal client and its worker processes. */
export function payloadKeyEnv(): { PAYLOAD_KEYS: string; PAYLOAD_KEY_ID: string } {
  const id = `reliability-${process.pid}`;
  return { PAYLOAD_KEYS: JSON.stringify({ [id]: randomBytes(32).toString('base64') }), PAYLOAD_KEY_ID: id };
}

/** A worker or API process under test. */
export interface ServiceProcess {
  name: string;
  pid: number;
  proc: ManagedProcess;
  /** Everything it wrote so far, both streams. */
  output(): string;
  /** Signal, then wait for the exit; resolves with the exit code and signal. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
}

export type WorkerProcess = ServiceProcess;

/**
 * Starts `node -r ts-node/register/transpile-only src/worker/main.ts` with `env` on top of ours (the
 * workflow bundle of globalSetup is inherited through WORKFLOW_BUNDLE_PATH) and resolves once it logs
 * `worker-running`. It is started through setpriv --pdeathsig SIGKILL: it dies with the Jest worker.
 */
export function startWorkerProcess(name: string, env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServiceProcess> {
  return startProcess(name, WORKER_MAIN, 'worker-running', { WORKER_METRICS_ADDRESS: 'off', WORKER_APP_METRICS_ADDRESS: 'off', ...env }, readyTimeoutMs);
}

/** The real API (src/main.ts), the same way: resolves once it logs `listening` (give it PORT). */
export function startApiProcess(name: string, env: Record<string, string>, readyTimeoutMs = 90_000): Promise<ServiceProcess> {
  return startProcess(name, API_MAIN, 'listening', { HOST: '127.0.0.1', ...env }, readyTimeoutMs);
}

async function startProcess(name: string, main: string, readyEvent: string, env: Record<string, string>, readyTimeoutMs: number): Promise<ServiceProcess> {
  let output = '';
  const proc = spawnManaged({
    name,
    command: process.execPath,
    args: ['-r', 'ts-node/register/transpile-only', main],
    cwd: REPO,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...env,
    },
    stopSignal: 'SIGKILL',
    quiet: true,
    onLine: (line) => {
      output += `${line}\n`;
    },
  });
  const child = proc.child;
  const started: ServiceProcess = {
    name,
    pid: child.pid!,
    proc,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    kill: async (signal) => {
      if (started.running()) child.kill(signal);
      await proc.exited;
      return { code: child.exitCode, signal: child.signalCode };
    },
  };
  try {
    await eventually(() => output.includes(`"${readyEvent}"`) || !started.running(), readyTimeoutMs, () => `${name} to start:\n${output}`);
  } catch (err) {
    await started.kill('SIGKILL');
    throw err;
  }
  if (!started.running()) throw new Error(`${name} exited (code ${child.exitCode}) before it was ready:\n${output}`);
  return started;
}
