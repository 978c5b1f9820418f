// The benchmark's stack: every part a real process (as `npm start` runs them: the API is src/main.ts,
// the worker src/worker/main.ts, unmodified), on free ports, with a database and development keys of
// its own; everything it starts is stopped by `stop()`, also after an error.
import { bundleWorkflowCode } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { signDevToken } from '../src/auth/dev-signing-key';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../src/codec/data-converter';
import { AppConfig, loadConfig } from '../src/config/config';
import type { PrismaClient } from '../src/database/prisma';
import { ManagedProcess, spawnManaged, waitForLine } from '../src/devstack/child-process';
import { processName } from '../src/devstack/process-plan';
import { startTemporalDevServer } from '../src/devstack/temporal-dev-server';
import { PROJECT_ROOT } from '../src/project-root';
import { createTestDatabase, TestDatabase } from '../test/support/database';

export const ARTIFACTS = path.join(PROJECT_ROOT, '.artifacts', 'bench');
export const BUILD = path.join(ARTIFACTS, 'build');

/** The API's per-caller limit is switched off for the run (the load generator is one caller). */
export const RATE_LIMIT_SETTING = { ELIGIBILITY_RATE_LIMIT_PER_MINUTE: '0' };

/** Settings the bench's stack must not take from the calling shell: it signs its own tokens with a
 * development key and encrypts payloads with development keys, both in a temp folder of its own. */
const NOT_INHERITED = ['AUTH_JWT_PUBLIC_KEY', 'AUTH_JWKS_URL', 'AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE', 'PAYLOAD_KEYS', 'PAYLOAD_KEY_ID', 'ELIGIBILITY_RATE_LIMIT_PER_MINUTE', 'WORKFLOW_BUNDLE_PATH'];

const log = (msg: string) => process.stdout.write(`[bench] ${msg}\n`);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A child whose output is kept (last lines) for when it fails, not printed. */
function spawnQuiet(name: string, args: string[], env: NodeJS.ProcessEnv): ManagedProcess & { tail: string[] } {
  const tail: string[] = [];
  const proc = spawnManaged({
    name,
    command: process.execPath,
    args,
    env,
    quiet: true,
    onLine: (line) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
    },
  });
  return Object.assign(proc, { tail });
}

export class BenchStack {
  private readonly cleanups: { name: string; run: () => Promise<unknown> }[] = [];
  private readonly children: (ManagedProcess & { tail: string[] })[] = [];
  db!: TestDatabase;
  temporalAddress!: string;
  registerUrl!: string;
  /** The first API; `apiUrls` holds them all (BENCH_APIS). */
  apiUrl!: string;
  apiUrls: string[] = [];
  /** The production worker's bundles, one per task queue (src/worker/workers.ts workflowSource). */
  workerBundles!: string;
  bareBundle!: string;
  /** The eligibility workflows and the per-check workflow of the design before the shards (bench/candidates/workflows.ts). */
  candidateBundle!: string;
  readonly bareTaskQueue = 'bench-bare';
  /** The environment every process of the stack runs with (the API adds its port and the rate limit). */
  env: NodeJS.ProcessEnv = {};
  /** loadConfig(env): what the bench's own Temporal clients and the direct path are built from. */
  config!: AppConfig;
  /** A `login-service` bearer token signed with the stack's development key. */
  loginServiceToken!: string;
  private keysDir?: string;
  private temporalPid?: number;
  private postgresPids: number[] = [];

  /** The processes of the stack, for CPU accounting (PostgreSQL: the backends serving our database). */
  pids(): Record<string, number | undefined> {
    const pids: Record<string, number | undefined> = { bench: process.pid, temporal: this.temporalPid };
    for (const child of this.children) if (!this.killed.has(child)) pids[child.name] = child.child.pid;
    for (const pid of this.postgresPids) pids[`postgres:${pid}`] = pid;
    return pids;
  }

  /** Reads which PostgreSQL backends serve our database now (their pool connections come and go). */
  async refreshPostgresPids(): Promise<void> {
    const rows = await this.db.prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
    this.postgresPids = [...new Set([...this.postgresPids, ...rows.map((r) => Number(r.pid))])];
  }

  async build(): Promise<void> {
    const t = Date.now();
    const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    // tsc emits even when other parts of the tree have type errors; only a missing file stops us.
    await promisify(execFile)(process.execPath, [tsc, '-p', path.join(PROJECT_ROOT, 'bench', 'tsconfig.json')], { cwd: PROJECT_ROOT }).catch((err) => {
      log(`tsc reported problems (the build is used anyway):\n${String(err.stdout || err.message).split('\n').slice(0, 10).join('\n')}`);
    });
    const quiet = { log() {}, info() {}, warn() {}, error: console.error, debug() {}, trace() {} } as never;
    mkdirSync(ARTIFACTS, { recursive: true });
    this.workerBundles = path.join(ARTIFACTS, `workflows-${process.pid}`);
    this.bareBundle = path.join(ARTIFACTS, `bare-workflows-${process.pid}.js`);
    // As test/support/global-setup.ts bundles them: the production failure converter in the bundle,
    // since every worker runs with createDataConverter (its failureConverterPath).
    this.candidateBundle = path.join(ARTIFACTS, `candidate-workflows-${process.pid}.js`);
    const bundle = (workflowsPath: string) => bundleWorkflowCode({ workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH, logger: quiet });
    const [onboarding, eligibility, bare, candidates] = await Promise.all([
      bundle(require.resolve('../workflows/onboarding')),
      bundle(require.resolve('../workflows/eligibility')),
      bundle(require.resolve('./bare/workflows')),
      bundle(require.resolve('./candidates/workflows')),
    ]);
    mkdirSync(this.workerBundles, { recursive: true });
    writeFileSync(path.join(this.workerBundles, 'onboarding.js'), onboarding.code);
    writeFileSync(path.join(this.workerBundles, 'eligibility.js'), eligibility.code);
    writeFileSync(this.bareBundle, bare.code);
    writeFileSync(this.candidateBundle, candidates.code);
    this.cleanups.push({
      name: 'bundles',
      run: async () => {
        for (const f of [this.workerBundles, this.bareBundle, this.candidateBundle]) rmSync(f, { force: true, recursive: true });
      },
    });
    log(`built into ${path.relative(PROJECT_ROOT, BUILD)} and bundled the workflows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  /**
   * Starts everything. `prepareDatabase` runs on the fresh database before any process that reads it
   * starts (the worker may cache what it reads, e.g. the joined municipalities).
   */
  async start(prepareDatabase: (prisma: PrismaClient) => Promise<void>, counts = { apis: 1, workers: 1 }): Promise<void> {
    let t = Date.now();
    this.db = await createTestDatabase();
    this.cleanups.push({ name: 'database', run: () => this.db.drop() });
    log(`database ${new URL(this.db.url).pathname.slice(1)} migrated and seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await prepareDatabase(this.db.prisma);

    t = Date.now();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ekj-bench-temporal-'));
    this.cleanups.push({ name: 'temporal data', run: async () => rmSync(dataDir, { recursive: true, force: true }) });
    const [port, uiPort] = [await freePort(), await freePort()];
    // Standalone activities are a server preview, off unless asked for (the "standalone" candidate).
    const extraArgs = process.env.BENCH_STANDALONE === '1' ? ['--dynamic-config-value', 'activity.enableStandalone=true'] : [];
    const temporal = await startTemporalDevServer({ dataDir, port, uiPort, extraArgs });
    this.temporalPid = temporal.child.pid;
    this.cleanups.push({ name: 'temporal', run: () => temporal.stop() });
    this.temporalAddress = `127.0.0.1:${port}`;
    log(`Temporal dev server (npm start's tuning flags) on ${this.temporalAddress} in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !NOT_INHERITED.includes(k)));
    const registerPort = await freePort();
    const simulator = this.spawn('register', [path.join(BUILD, 'src', 'register-simulator', 'main.js')], { ...inherited, REGISTER_SIM_PORT: String(registerPort) });
    await waitForLine(simulator, (line) => line.includes('"listening"'), 15_000);
    this.registerUrl = `http://127.0.0.1:${registerPort}`;

    // The development keys of this run: one JWT signing key and one payload key ring, in a temp folder
    // that the API, the worker, the bare worker and the bench's own client all point at.
    this.keysDir = mkdtempSync(path.join(os.tmpdir(), 'ekj-bench-keys-'));
    const keysDir = this.keysDir;
    this.cleanups.push({ name: 'dev keys', run: async () => rmSync(keysDir, { recursive: true, force: true }) });
    this.env = {
      ...inherited,
      NODE_ENV: 'development',
      // As npm start runs them: info logs (the ready lines are info), metrics on (free ports).
      LOG_LEVEL: process.env.LOG_LEVEL || 'info',
      DATABASE_URL: this.db.url,
      TEMPORAL_ADDRESS: this.temporalAddress,
      REGISTER_URL: this.registerUrl,
      AUTH_DEV_KEY_FILE: path.join(keysDir, 'dev-jwt-key.json'),
      PAYLOAD_DEV_KEYS_FILE: path.join(keysDir, 'payload-keys.json'),
    };
    this.config = loadConfig(this.env);
    // Created here, once, before any child reads them.
    createDataConverter(this.config);
    this.loginServiceToken = await signDevToken(this.config, ['login-service']);

    // The production worker, as it is: only where its workflows come from is set (a prebuilt bundle,
    // which src/worker/workers.ts workflowSource() reads from WORKFLOW_BUNDLE_PATH, one per task queue), and its own
    // metrics ports. BENCH_WORKERS of them, as `npm start` runs WORKER_PROCESSES.
    const workers = [];
    for (let i = 0; i < counts.workers; i++) {
      workers.push(
        this.spawn(processName('worker', i, counts.workers), [path.join(BUILD, 'src', 'worker', 'main.js')], {
          ...this.env,
          WORKFLOW_BUNDLE_PATH: this.workerBundles,
          WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
          WORKER_APP_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
        }),
      );
    }
    await Promise.all(workers.map((w) => waitForLine(w, (line) => line.includes('"worker-running"'), 60_000)));

    const bare = this.spawn('bare-worker', [path.join(BUILD, 'bench', 'bare', 'worker.js')], {
      ...this.env,
      BARE_TASK_QUEUE: this.bareTaskQueue,
      WORKFLOW_BUNDLE_PATH: this.bareBundle,
    });
    await waitForLine(bare, (line) => line.includes('"worker-running"'), 60_000);

    const apis = [];
    for (let i = 0; i < counts.apis; i++) {
      const apiPort = await freePort();
      apis.push(this.spawn(processName('api', i, counts.apis), [path.join(BUILD, 'src', 'main.js')], { ...this.env, ...RATE_LIMIT_SETTING, HOST: '127.0.0.1', PORT: String(apiPort) }));
      this.apiUrls.push(`http://127.0.0.1:${apiPort}`);
    }
    await Promise.all(apis.map((api) => waitForLine(api, (line) => line.includes('"listening"'), 60_000)));
    this.apiUrl = this.apiUrls[0];
    log(
      `register simulator ${this.registerUrl}, ${counts.workers} worker process(es) (src/worker/main.ts), bare worker and ` +
        `${counts.apis} API process(es) ${this.apiUrls.join(' ')} (src/main.ts, rate limit off) up; dev keys in ${keysDir}`,
    );
  }

  private spawn(name: string, args: string[], env: NodeJS.ProcessEnv) {
    // BENCH_PROFILE=worker,api: V8 CPU profiles of those processes, written when they exit.
    if ((process.env.BENCH_PROFILE ?? '').split(',').includes(name.replace(/-\d+$/, ''))) {
      // A folder per process and Node's own file names (they carry the thread id): the SDK runs the
      // workflows in worker threads, each profiled into a file of its own.
      const dir = path.join(ARTIFACTS, 'profiles', `${name}-${Date.now()}`);
      mkdirSync(dir, { recursive: true });
      args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args];
    }
    const proc = spawnQuiet(name, args, env);
    this.children.push(proc);
    proc.exited.then((code) => {
      if (!this.stopping && !this.killed.has(proc)) {
        log(`${name} exited unexpectedly (code ${code}); its last lines:\n  ${proc.tail.join('\n  ')}`);
      }
    });
    return proc;
  }

  private stopping = false;
  private readonly killed = new Set<ManagedProcess>();

  /** SIGKILLs one of the stack's processes (by name, e.g. "api-2") and waits for it to be gone. */
  async kill(name: string): Promise<void> {
    const proc = this.children.find((c) => c.name === name);
    if (!proc) throw new Error(`no process named ${name} in the stack`);
    this.killed.add(proc);
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  /** Stops the processes (API first, Temporal last), drops the database, removes temporary files. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const child of [...this.children].reverse()) await child.stop(5000).catch(() => undefined);
    for (const { name, run } of this.cleanups.reverse()) {
      await run().catch((err) => log(`cleanup of ${name} failed: ${(err as Error).message}`));
    }
  }
}
