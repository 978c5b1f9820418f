// The stack of `npm start` (scripts/start.cjs) as a child of `npm run check:ui`, on free ports of its
// own, and its process tree, so that the check can prove at the end that everything it started is gone.
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, WriteStream } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';

export interface StackPorts {
  api: number;
  temporal: number;
  ui: number;
  register: number;
  postgres: number;
  libraryStandIn: number;
  workerMetrics: number;
  workerAppMetrics: number;
}

/** Ports that are free right now (held together while choosing, so that they are all different). */
export async function freePorts<K extends string>(names: readonly K[]): Promise<Record<K, number>> {
  const servers: net.Server[] = [];
  const ports = {} as Record<K, number>;
  try {
    for (const name of names) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      ports[name] = (server.address() as net.AddressInfo).port;
    }
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
  return ports;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but not ours to signal.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why the check's stack must not be started on `dataDir` now, or undefined: another check:ui is using
 * it (its pidfile), or a PostgreSQL left by a killed run still holds its database folder.
 */
export function runningStackProblem(dataDir: string): string | undefined {
  const pidfile = path.join(dataDir, 'stack.pid');
  if (existsSync(pidfile)) {
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    if (pid > 0 && isAlive(pid)) {
      return `another check:ui stack is running on ${dataDir} (pid ${pid}): wait for it, or stop it with kill -INT ${pid}.`;
    }
  }
  const postmaster = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (existsSync(postmaster)) {
    const pid = Number(readFileSync(postmaster, 'utf8').split('\n')[0]);
    if (pid > 0 && isAlive(pid)) {
      return `a PostgreSQL server left by an earlier check:ui still runs on ${path.dirname(postmaster)} (pid ${pid}): stop it with kill -INT ${pid}.`;
    }
  }
  return undefined;
}

/** True while the process runs (a zombie, dead and waiting to be reaped, does not count). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Running processes whose command line matches `pattern`. */
export function processesMatching(pattern: RegExp): number[] {
  return [...parentsByPid().keys()].filter((pid) => isRunning(pid) && pattern.test(describeProcess(pid)));
}

/** Waits until none of `pids` runs; SIGKILLs (unless `kill` is false) and returns (described) those still running after `timeoutMs`. */
export async function waitGone(pids: Iterable<number>, timeoutMs: number, kill = true): Promise<string[]> {
  const all = [...pids];
  const running = () => all.filter(isRunning);
  const deadline = Date.now() + timeoutMs;
  while (running().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const leftovers = running();
  const described = leftovers.map(describeProcess);
  for (const pid of kill ? leftovers : []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return described;
}

/** pid → parent pid of every process (Linux /proc). */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  return parents;
}

/** `root` and all its descendants, alive now. */
export function processTree(root: number): number[] {
  const parents = parentsByPid();
  const tree = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree].filter((pid) => parents.has(pid));
}

export function describeProcess(pid: number): string {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160)}`;
  } catch {
    return `${pid} (gone)`;
  }
}

export interface RunningStack {
  ready: Promise<void>;
  ports: StackPorts;
  child: ChildProcess;
  logFile: string;
  /** Every process of the stack seen so far (the launcher and its descendants). */
  seen: Set<number>;
  /** Records the stack's current process tree into `seen`. */
  snapshot(): void;
  lastLines(n: number): string[];
  /** SIGINT as Ctrl-C would, then waits for every process seen to be gone; SIGKILL leftovers. Returns those leftovers. */
  stop(timeoutMs?: number): Promise<string[]>;
}

const UP_LINE = /E-kirjasto joining orchestrator is up/;
const FAILED_LINE = /\[start\] (could not start|.* failed)|already running/;

/**
 * Starts `node scripts/start.cjs` with the ports in its environment. `ready` resolves once it printed
 * that it is up (and rejects, with `stackTail`, when it fails first); `stop()` works at any time.
 */
export function startStack(root: string, dataDir: string, ports: StackPorts, logFile: string, timeoutMs: number): RunningStack {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Everything the stack can start, it starts (as a plain `npm start` does on a developer's machine).
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'REGISTER_URL', 'LIBRARY_SYSTEM_URL_TEMPLATE', 'NODE_ENV']) delete env[name];
  Object.assign(env, {
    // Its own database, Temporal SQLite file and pidfile: it runs beside a developer's `npm start`.
    STACK_DATA_DIR: dataDir,
    PORT: String(ports.api),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    REGISTER_SIM_PORT: String(ports.register),
    EMBEDDED_POSTGRES_PORT: String(ports.postgres),
    LIBRARY_SYSTEMS_STAND_IN_PORT: String(ports.libraryStandIn),
    // Not among devstack's port variables, but fixed by default (9464, 9465) in the worker:
    WORKER_METRICS_ADDRESS: `127.0.0.1:${ports.workerMetrics}`,
    WORKER_APP_METRICS_ADDRESS: `127.0.0.1:${ports.workerAppMetrics}`,
    // devstack does not derive the codec's CORS origins from TEMPORAL_UI_PORT (default: port 8233 only).
    TEMPORAL_UI_ORIGINS: `http://localhost:${ports.ui},http://127.0.0.1:${ports.ui}`,
  });
  const log: WriteStream = createWriteStream(logFile);
  const tail: string[] = [];
  // Tied to us like start.cjs ties the stack to itself: if we are killed outright, the stack still stops.
  const launcher = [process.execPath, path.join(root, 'scripts', 'start.cjs')];
  const command = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGINT', '--', ...launcher] : launcher;
  const child = spawn(command[0], command.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const seen = new Set<number>();
  const snapshot = () => {
    if (child.pid && child.exitCode === null) for (const pid of processTree(child.pid)) seen.add(pid);
  };

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stack did not come up within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const onLine = (line: string) => {
      log.write(`${line}\n`);
      tail.push(line);
      if (tail.length > 200) tail.shift();
      if (UP_LINE.test(line)) {
        clearTimeout(timer);
        resolve();
      } else if (FAILED_LINE.test(line)) {
        clearTimeout(timer);
        reject(new Error(`the stack could not start: ${line.trim()}`));
      }
    };
    for (const stream of [child.stdout!, child.stderr!]) readline.createInterface({ input: stream }).on('line', onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited (code ${code}) before it was up`));
    });
  });
  // Processes appear as the stack starts: keep a record, so that none escapes the final check.
  const sampler = setInterval(snapshot, 250);

  const stack: RunningStack = {
    ready,
    ports,
    child,
    logFile,
    seen,
    snapshot,
    lastLines: (n) => tail.slice(-n),
    async stop(stopTimeoutMs = 20_000) {
      snapshot();
      clearInterval(sampler);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const leftovers = await waitGone(seen, stopTimeoutMs);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      log.end();
      return leftovers;
    },
  };
  stack.ready = ready.then(snapshot, (err: Error) => {
    throw Object.assign(err, { stackTail: tail.slice(-40) });
  });
  // Handled by whoever awaits `ready`; this only keeps an unawaited failure from crashing us.
  stack.ready.catch(() => undefined);
  return stack;
}
