// Child processes of the local stack: tied to our life (they die with us even after a kill -9),
// their output prefixed with their name, and stopped gracefully then firmly.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as readline from 'node:readline';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user (root only): PostgreSQL refuses to run as root. */
  user?: string;
  stopSignal?: NodeJS.Signals;
  /** Called with each output line; return false to keep the line out of our log. */
  onLine?: (line: string) => boolean | void;
  quiet?: boolean;
}

const SETPRIV = '/usr/bin/setpriv';

export function spawnManaged(options: SpawnOptions): ManagedProcess {
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  let command = options.command;
  let args = options.args;
  if (process.platform === 'linux' && existsSync(SETPRIV)) {
    const identity = options.user ? ['--reuid', options.user, '--regid', options.user, '--init-groups'] : [];
    args = [...identity, `--pdeathsig`, stopSignal, '--', command, ...args];
    command = SETPRIV;
  }
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream! }).on('line', (line) => {
      const keep = options.onLine?.(line);
      if (keep !== false && !options.quiet) process.stdout.write(`[${options.name}] ${line}\n`);
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (err) => {
      process.stdout.write(`[${options.name}] could not start: ${err.message}\n`);
      resolve(-1);
    });
  });
  const stop = async (timeoutMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(stopSignal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  };
  return { name: options.name, child, exited, stop };
}

/** Resolves with the first output line that `match` accepts; rejects if the process exits first. */
export function waitForLine(
  proc: ManagedProcess,
  match: (line: string) => boolean,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${proc.name} did not become ready within ${timeoutMs} ms`)), timeoutMs);
    const onLine = (line: string) => {
      if (!match(line)) return;
      clearTimeout(timer);
      resolve(line);
    };
    for (const stream of [proc.child.stdout, proc.child.stderr]) readline.createInterface({ input: stream! }).on('line', onLine);
    proc.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${proc.name} exited (code ${code}) before it was ready; see its output above`));
    });
  });
}

/** Polls until `probe` resolves true. */
export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True while a process with this pid exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
