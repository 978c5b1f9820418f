// `node -r ts-node/register/transpile-only bench/onboarding.ts`: the full onboarding lifecycle of every
// seeded consortium (36 consortia, 309 municipalities) from start to LIVE, timed on the time-skipping
// test server and on a real, tuned dev server.
//
// For each consortium, as staff would through the API: start `consortiumOnboarding` (the input
// src/onboarding/onboarding.client.ts builds, with the configured integration steps), record every
// member's survey and then every member's signature (Temporal updates, one at a time per consortium),
// complete the manual integration steps; the automatic one calls a local HTTP stand-in answering 200
// (src/stand-ins/library-systems.ts). The joining round is a row in the database, read by the real
// `listJoiningRounds` activity: signing deadline today; go-live `--go-live-days` ahead on the
// time-skipping server (skipped with env.sleep), today on the dev server (it goes live at once).
// Go-live marks the members joined in the database through the real `markConsortiumJoined`; the run
// checks that all 309 are joined, with the round's date.
//
// The worker is the production one, built in this process: createWorkers (src/worker/workers.ts) with
// buildActivities(config, prisma) (src/worker/activities.ts), the real Prisma client, loadConfig of the
// run's settings and createDataConverter(config) (payloads encrypted with the run's development key);
// the bench's client uses the same data converter.
//
// Phases run one after the other for all consortia (a barrier between them, `--concurrency` consortia
// in flight inside a phase): start → surveys+signatures → integration → waiting for go-live → go-live.
// On the time-skipping server the barrier matters: skipping time is global to the server, and a
// consortium still collecting answers must not see its clock jump days ahead.
//
//     --concurrency=8              consortia driven in parallel (BENCH_ONBOARDING_CONCURRENCY)
//     --servers=time-skipping,dev  which servers (BENCH_ONBOARDING_SERVERS)
//     --go-live-days=3             go-live this many days after today, time-skipping server only
//     --time-limit=300             seconds; past it everything is stopped and the run fails
//     --label=name                 put into the JSON file's name
import 'reflect-metadata';
import { onboardingInputFor, onboardingStartOptions } from '../src/onboarding/onboarding-start';
import { Client, Connection, WorkflowClient, WorkflowHandle } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { handleLibrarySystemRequest } from '../src/stand-ins/library-systems';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../src/codec/data-converter';
import { AppConfig, loadConfig } from '../src/config/config';
import { createPrismaClient, PrismaClient } from '../src/database/prisma';
import { ManagedProcess } from '../src/devstack/child-process';
import { startTemporalDevServer } from '../src/devstack/temporal-dev-server';
import { PROJECT_ROOT } from '../src/project-root';
import { buildActivities } from '../src/worker/activities';
import { createWorkers, runWorkers } from '../src/worker/workers';
import { createTestDatabase, TestDatabase } from '../test/support/database';
import { startTimeSkippingServer } from '../test/support/temporal';
import { addDays, helsinkiDate, helsinkiMidnight } from '../workflows/onboarding/calendar';
import {
  completeIntegrationStep,
  getOnboardingState,
  ONBOARDING_WORKFLOW_TYPE,
  OnboardingState,
  recordSignature,
  recordSurvey,
} from '../workflows/onboarding/contract';
import { cpuMeter, CpuUse } from './cpu';
import { freePort } from './stack';
import { childPids, LatencySummary, mapLimit, sleep, summarize } from './onboarding/util';

// ---------------------------------------------------------------- options
function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : process.env[env] || fallback;
}
const OPTIONS = {
  concurrency: Number(option('concurrency', 'BENCH_ONBOARDING_CONCURRENCY', '8')),
  servers: option('servers', 'BENCH_ONBOARDING_SERVERS', 'time-skipping,dev').split(',').map((s) => s.trim()) as ServerKind[],
  goLiveDays: Number(option('go-live-days', 'BENCH_ONBOARDING_GO_LIVE_DAYS', '3')),
  timeLimitS: Number(option('time-limit', 'BENCH_TIME_LIMIT', '300')),
  label: option('label', 'BENCH_LABEL', ''),
};
type ServerKind = 'time-skipping' | 'dev';

const ARTIFACTS = path.join(PROJECT_ROOT, '.artifacts', 'bench');
/** As bench/stack.ts: settings the run must not take from the calling shell (it uses keys of its own). */
const NOT_INHERITED = ['AUTH_JWT_PUBLIC_KEY', 'AUTH_JWKS_URL', 'AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE', 'PAYLOAD_KEYS', 'PAYLOAD_KEY_ID', 'WORKFLOW_BUNDLE_PATH', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TLS', 'TEMPORAL_API_KEY'];

const log = (msg: string) => process.stdout.write(`[bench:onboarding] ${msg}\n`);
const ms = (t0: number) => Math.round(performance.now() - t0);

// ---------------------------------------------------------------- cleanup
const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, run } of cleanups.reverse()) {
      await Promise.race([run(), sleep(15_000).then(() => Promise.reject(new Error('timed out after 15 s')))]).catch((err) =>
        log(`cleanup of ${name} failed: ${(err as Error).message}`),
      );
    }
  })();
  return cleaning;
}

// ---------------------------------------------------------------- one scenario
interface Consortium {
  id: string;
  name: string;
  codes: string[];
}

interface PhaseRecord {
  name: string;
  wallMs: number;
  updates?: number;
  updatesPerSecond?: number;
  updateLatencyMs?: LatencySummary;
  cpu?: CpuUse;
  note?: string;
}

interface ScenarioRecord {
  server: ServerKind;
  round: { name: string; signingDeadline: string; goLiveDate: string };
  consortia: number;
  municipalities: number;
  totalWallMs: number;
  phases: PhaseRecord[];
  startLatencyMs: LatencySummary;
  updates: { count: number; latencyMs: LatencySummary; perSecondOverall: number };
  integratedToLiveMs?: LatencySummary;
  verified: { live: number; joinedInDatabase: number; joinedOnGoLiveDate: number };
  remindersSent: number;
  librarySystemChecks: number;
  historyEvents: LatencySummary;
  payloadEncoding?: string;
  serverClockAheadMs?: Record<string, number>;
  skippedMs?: number;
  setupMs: Record<string, number>;
  cpuTotal: CpuUse;
}

interface Server {
  kind: ServerKind;
  nativeConnection: NativeConnection;
  workflow: WorkflowClient;
  /** Server pid(s) for CPU accounting. */
  pids: Record<string, number | undefined>;
  env?: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

async function startServer(kind: ServerKind, dataConverter: DataConverter, namespace: string): Promise<Server> {
  if (kind === 'time-skipping') {
    const before = new Set(childPids().map((c) => c.pid));
    const env = await startTimeSkippingServer();
    const server = childPids().find((c) => !before.has(c.pid));
    // Not env.client: it has no data converter (ours decodes what the worker encrypts), and its
    // result() unlocks time skipping while it waits; 36 of those at once unbalance the server's lock
    // count (it logs an IllegalStateException). Time is skipped only by env.sleep here.
    const workflow = new Client({ connection: env.connection, namespace: env.namespace ?? namespace, dataConverter }).workflow;
    return { kind, env, nativeConnection: env.nativeConnection, workflow, pids: { temporal: server?.pid }, stop: () => env.teardown() };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ekj-bench-onboarding-temporal-'));
  const [port, uiPort] = [await freePort(), await freePort()];
  let proc: ManagedProcess | undefined;
  let connection: Connection | undefined;
  let nativeConnection: NativeConnection | undefined;
  const stop = async () => {
    await connection?.close().catch(() => undefined);
    await nativeConnection?.close().catch(() => undefined);
    await proc?.stop(5000).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    proc = await startTemporalDevServer({ dataDir, port, uiPort });
    const address = `127.0.0.1:${port}`;
    nativeConnection = await NativeConnection.connect({ address });
    connection = await Connection.connect({ address });
    const client = new Client({ connection, namespace, dataConverter });
    return { kind, nativeConnection, workflow: client.workflow, pids: { temporal: proc.child.pid }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function runScenario(
  kind: ServerKind,
  consortia: Consortium[],
  db: TestDatabase,
  baseEnv: NodeJS.ProcessEnv,
  workflowCode: string,
  libraryChecks: { count: number },
): Promise<ScenarioRecord> {
  const setupMs: Record<string, number> = {};
  const today = helsinkiDate(Date.now());
  const goLiveDate = kind === 'dev' ? today : addDays(today, OPTIONS.goLiveDays);
  const round = { name: `bench-${kind}-${today}`, signingDeadline: today, goLiveDate };
  const municipalities = consortia.reduce((n, c) => n + c.codes.length, 0);

  // Fresh state in the database: nobody joined, one round (staff set it up before the onboarding).
  let t = performance.now();
  await db.prisma.municipality.updateMany({ data: { joined: false, joinedAt: null } });
  await db.prisma.joiningRound.deleteMany({});
  await db.prisma.outboxMessage.deleteMany({});
  await db.prisma.joiningRound.create({
    data: { name: round.name, signingDeadline: new Date(`${round.signingDeadline}T00:00:00Z`), goLiveDate: new Date(`${round.goLiveDate}T00:00:00Z`) },
  });
  setupMs.database = ms(t);

  const config: AppConfig = loadConfig(baseEnv);
  const dataConverter = createDataConverter(config);
  t = performance.now();
  const server = await startServer(kind, dataConverter, config.TEMPORAL_NAMESPACE);
  setupMs.server = ms(t);
  let prisma: PrismaClient | undefined;
  let workers: Worker[] = [];
  let running: Promise<void> | undefined;
  const stopScenario = async () => {
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    await running?.catch((err) => log(`worker stopped with: ${(err as Error).message}`));
    await prisma?.$disconnect();
    await server.stop();
  };
  cleanups.push({ name: `${kind} scenario`, run: stopScenario });

  // The production worker, in this process: the real factory, activities, Prisma client and converter.
  t = performance.now();
  prisma = createPrismaClient(db.url, config.DATABASE_POOL_SIZE);
  workers = await createWorkers({ connection: server.nativeConnection, config, workflows: { workflowBundle: { code: workflowCode } }, ...buildActivities(config, prisma) });
  running = runWorkers(workers);
  running.catch(() => undefined);
  setupMs.worker = ms(t);
  log(`${kind}: server up in ${setupMs.server} ms, worker (createWorkers + buildActivities) in ${setupMs.worker} ms; round ${round.name}: deadline ${round.signingDeadline}, go-live ${round.goLiveDate}`);

  const pgPids = new Set<number>();
  const refreshPg = async () => {
    const rows = await db.prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
    for (const r of rows) pgPids.add(Number(r.pid));
  };
  const pids = () => {
    const all: Record<string, number | undefined> = { bench: process.pid, ...server.pids };
    for (const pid of pgPids) all[`postgres:${pid}`] = pid;
    return all;
  };
  const clockAhead: Record<string, number> = {};
  const readClock = async (at: string) => {
    if (server.env) clockAhead[at] = Math.round((await server.env.currentTimeMs()) - Date.now());
  };

  const phases: PhaseRecord[] = [];
  const allUpdates: number[] = [];
  const handles = new Map<string, WorkflowHandle>();
  const integratedAt = new Map<string, number>();
  const liveAt = new Map<string, number>();
  const results = new Map<string, Promise<OnboardingState>>();
  await refreshPg();
  const totalCpu = cpuMeter(pids);
  const t0 = performance.now();

  async function phase(name: string, body: () => Promise<{ updates?: number[]; note?: string } | void>): Promise<void> {
    await refreshPg();
    const cpu = cpuMeter(pids);
    const start = performance.now();
    const out = (await body()) || {};
    const wallMs = ms(start);
    const record: PhaseRecord = { name, wallMs, cpu: cpu(), note: out.note };
    if (out.updates) {
      record.updates = out.updates.length;
      record.updatesPerSecond = Math.round((out.updates.length / (wallMs / 1000)) * 10) / 10;
      record.updateLatencyMs = summarize(out.updates);
      allUpdates.push(...out.updates);
    }
    phases.push(record);
    await readClock(name);
    log(`${kind}: ${name} ${wallMs} ms${record.updates ? `, ${record.updates} updates, ${record.updatesPerSecond}/s, p50/p95 ${record.updateLatencyMs!.p50}/${record.updateLatencyMs!.p95} ms` : ''}; others ${record.cpu!.othersPct} %, steal ${record.cpu!.stealPct} % CPU`);
  }

  const timed = async <T>(into: number[], call: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const value = await call();
    into.push(performance.now() - s);
    return value;
  };

  // 1. Start: as OnboardingClient.start does (start, then read the state back).
  const startLatencies: number[] = [];
  await phase('start', async () => {
    await mapLimit(consortia, OPTIONS.concurrency, async (c) => {
      const input = onboardingInputFor({ id: c.id, name: c.name, municipalityCodes: c.codes }, config);
      await timed(startLatencies, async () => {
        const handle = await server.workflow.start(ONBOARDING_WORKFLOW_TYPE, onboardingStartOptions(input, config.TEMPORAL_TASK_QUEUE_ONBOARDING));
        handles.set(c.id, handle);
        const state = await handle.query(getOnboardingState);
        if (state.phase !== 'SURVEY') throw new Error(`${c.id} started in phase ${state.phase}`);
      });
    });
  });

  // 2. Every member's survey, then every member's signature (dated today), one update at a time per consortium.
  await phase('surveys+signatures', async () => {
    const latencies: number[] = [];
    await mapLimit(consortia, OPTIONS.concurrency, async (c) => {
      const handle = handles.get(c.id)!;
      for (const code of c.codes) {
        await timed(latencies, () =>
          handle.executeUpdate(recordSurvey, { args: [{ municipalityCode: code, answer: { intendsToJoin: true, desiredSchedule: 'first round', contactEmail: `kirjasto-${code}@example.fi` } }] }),
        );
      }
      let state: OnboardingState | undefined;
      for (const code of c.codes) {
        state = await timed(latencies, () => handle.executeUpdate(recordSignature, { args: [{ municipalityCode: code, signature: { signedOn: today, signatory: 'Kirjastotoimenjohtaja' } }] }));
      }
      if (state!.phase !== 'INTEGRATION') throw new Error(`${c.id}: after the last signature the phase is ${state!.phase}, expected INTEGRATION`);
    });
    return { updates: latencies };
  });

  // 3. Integration: staff confirm the manual steps in order; the automatic one (library system
  // stand-in) runs in the background from the last signature on. Done when the consortium is SCHEDULED.
  await phase('integration', async () => {
    const latencies: number[] = [];
    let polls = 0;
    await mapLimit(consortia, OPTIONS.concurrency, async (c) => {
      const handle = handles.get(c.id)!;
      let state: OnboardingState | undefined;
      for (const { step } of config.INTEGRATION_STEPS.filter((s) => !s.automatic)) {
        state = await timed(latencies, () => handle.executeUpdate(completeIntegrationStep, { args: [{ step }] }));
      }
      integratedAt.set(c.id, performance.now());
      if (kind === 'dev') {
        // Goes live at once (go-live today): its result is awaited from here on.
        results.set(c.id, handle.result().then((s: OnboardingState) => (liveAt.set(c.id, performance.now()), s)));
      }
      // The automatic step may still be running, and the round is assigned by the main loop.
      while (!(state!.phase === 'LIVE' || (state!.phase === 'SCHEDULED' && state!.round !== null))) {
        await sleep(25);
        polls++;
        state = await handle.query(getOnboardingState);
        if (performance.now() - integratedAt.get(c.id)! > 60_000) throw new Error(`${c.id} stuck in ${state.phase}`);
      }
      if (state!.round?.name !== round.name) throw new Error(`${c.id} took round ${state!.round?.name}, expected ${round.name}`);
    });
    return { updates: latencies, note: `${polls} state polls (25 ms apart) while the automatic step or the round assignment was pending` };
  });

  // 4. Waiting for go-live: on the time-skipping server, skip to just past the go-live midnight
  // (every consortium's timer fires on the way); on the dev server there is nothing to wait for.
  let skippedMs: number | undefined;
  if (server.env) {
    const env = server.env;
    // Up to a minute before the go-live midnight: days of server time in which nothing fires.
    await phase('waiting for go-live', async () => {
      const now = await env.currentTimeMs();
      skippedMs = helsinkiMidnight(goLiveDate) - 60_000 - now;
      await env.sleep(skippedMs);
      return { note: `env.sleep skipped ${(skippedMs / 3_600_000).toFixed(1)} h of server time, to a minute before the go-live midnight` };
    });
    for (const c of consortia) {
      const state = await handles.get(c.id)!.query(getOnboardingState);
      if (state.phase !== 'SCHEDULED') throw new Error(`${c.id} is ${state.phase} a minute before its go-live`);
    }
  } else {
    phases.push({ name: 'waiting for go-live', wallMs: 0, note: 'go-live today: the timer is not set, go-live follows SCHEDULED at once' });
  }

  // 5. Go-live: every onboarding completed LIVE, every member joined in the database.
  let finals: OnboardingState[] = [];
  let verified = { live: 0, joinedInDatabase: 0, joinedOnGoLiveDate: 0 };
  await phase('go-live', async () => {
    if (server.env) {
      // Across the midnight: every consortium's timer fires and its go-live activity runs (an activity
      // in flight holds the test server's clock). Results through a plain client: no more skipping.
      skippedMs! += 120_000;
      await server.env.sleep(120_000);
      for (const c of consortia) results.set(c.id, handles.get(c.id)!.result().then((s: OnboardingState) => (liveAt.set(c.id, performance.now()), s)));
    }
    finals = await Promise.all(consortia.map((c) => results.get(c.id)!));
    verified = {
      live: finals.filter((s) => s.phase === 'LIVE').length,
      joinedInDatabase: await db.prisma.municipality.count({ where: { joined: true } }),
      joinedOnGoLiveDate: await db.prisma.municipality.count({ where: { joined: true, joinedAt: new Date(`${goLiveDate}T00:00:00Z`) } }),
    };
    return { note: kind === 'dev' ? 'from the integration barrier; most consortia were LIVE before it' : 'env.sleep across the go-live midnight (2 min of server time), results, database checked' };
  });
  const totalWallMs = ms(t0);
  const cpuTotal = totalCpu();
  if (verified.live !== consortia.length || verified.joinedInDatabase !== municipalities || verified.joinedOnGoLiveDate !== municipalities) {
    throw new Error(`${kind}: verification failed: ${JSON.stringify(verified)} (expected ${consortia.length} live, ${municipalities} joined)`);
  }

  // Histories: how long an onboarding is, and that its payloads were encrypted.
  const historyLengths: number[] = [];
  let payloadEncoding: string | undefined;
  await mapLimit(consortia, 4, async (c) => {
    const history = await handles.get(c.id)!.fetchHistory();
    historyLengths.push(history.events?.length ?? 0);
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    payloadEncoding ??= started?.metadata?.encoding ? Buffer.from(started.metadata.encoding).toString() : undefined;
  });

  const integratedToLive = consortia.map((c) => liveAt.get(c.id)! - integratedAt.get(c.id)!);
  await cleanups.pop()!.run();

  return {
    server: kind,
    round,
    consortia: consortia.length,
    municipalities,
    totalWallMs,
    phases,
    startLatencyMs: summarize(startLatencies),
    updates: { count: allUpdates.length, latencyMs: summarize(allUpdates), perSecondOverall: Math.round((allUpdates.length / (totalWallMs / 1000)) * 10) / 10 },
    integratedToLiveMs: kind === 'dev' ? summarize(integratedToLive) : undefined,
    verified,
    remindersSent: finals.reduce((n, s) => n + s.reminders.sent, 0),
    librarySystemChecks: libraryChecks.count,
    historyEvents: summarize(historyLengths),
    payloadEncoding,
    serverClockAheadMs: server.env ? clockAhead : undefined,
    skippedMs,
    setupMs,
    cpuTotal,
  };
}

// ---------------------------------------------------------------- main
async function main(): Promise<boolean> {
  const startedAt = new Date();
  const hardStop = setTimeout(() => {
    log(`time limit of ${OPTIONS.timeLimitS} s reached: stopping everything`);
    void cleanUp().finally(() => process.exit(2));
  }, OPTIONS.timeLimitS * 1000);
  hardStop.unref();
  const onSignal = () => {
    log('interrupted: stopping everything');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // Workflow logs (phase changes) and the test server's missing capabilities would drown the output.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  log(`${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; servers ${OPTIONS.servers.join(', ')}; ${OPTIONS.concurrency} consortia in parallel; limit ${OPTIONS.timeLimitS} s`);

  try {
    let t = performance.now();
    const db = await createTestDatabase();
    cleanups.push({ name: 'database', run: () => db.drop() });
    log(`database ${new URL(db.url).pathname.slice(1)} migrated and seeded in ${ms(t)} ms`);
    const rows = await db.prisma.consortium.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, municipalities: { select: { code: true }, orderBy: { code: 'asc' } } } });
    const consortia: Consortium[] = rows.map((r) => ({ id: r.id, name: r.name, codes: r.municipalities.map((m) => m.code) })).filter((c) => c.codes.length > 0);
    const sizes = consortia.map((c) => c.codes.length).sort((a, b) => a - b);
    log(`${consortia.length} consortia, ${sizes.reduce((a, b) => a + b, 0)} municipalities (members per consortium ${sizes[0]}-${sizes[sizes.length - 1]}, median ${sizes[Math.floor(sizes.length / 2)]})`);

    // The library systems' stand-in: answers 200 to the automatic integration step.
    const libraryChecks = { count: 0 };
    const standIn = http.createServer((req, res) => {
      libraryChecks.count++;
      if (!handleLibrarySystemRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    cleanups.push({ name: 'library-system stand-in', run: () => new Promise((resolve) => standIn.close(() => resolve(undefined))) });
    const standInPort = (standIn.address() as { port: number }).port;

    // Development keys of this run (payload key ring), in a temp folder removed at the end.
    const keysDir = mkdtempSync(path.join(os.tmpdir(), 'ekj-bench-onboarding-keys-'));
    cleanups.push({ name: 'dev keys', run: async () => rmSync(keysDir, { recursive: true, force: true }) });
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !NOT_INHERITED.includes(k)));
    const baseEnv: NodeJS.ProcessEnv = {
      ...inherited,
      NODE_ENV: 'development',
      DATABASE_URL: db.url,
      LIBRARY_SYSTEM_URL_TEMPLATE: `http://127.0.0.1:${standInPort}/library-systems/{consortiumId}/health`,
      PAYLOAD_DEV_KEYS_FILE: path.join(keysDir, 'payload-keys.json'),
      AUTH_DEV_KEY_FILE: path.join(keysDir, 'dev-jwt-key.json'),
    };
    const baseConfig = loadConfig(baseEnv);
    createDataConverter(baseConfig); // creates the key ring once
    log(`config: integration steps ${baseConfig.INTEGRATION_STEPS.map((s) => `${s.step}${s.automatic ? ' (automatic)' : ''}`).join(', ')}; reminders ${baseConfig.REMINDER_INTERVAL} / ${baseConfig.REMINDER_BEFORE_DEADLINE} before the deadline; staff address ${baseConfig.ONBOARDING_STAFF_EMAIL ?? '(none)'}; JOINED_CACHE_TTL_MS=${baseConfig.JOINED_CACHE_TTL_MS}`);

    t = performance.now();
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: { log() {}, info() {}, warn() {}, error: console.error, debug() {}, trace() {} } as never,
    });
    log(`workflows bundled in ${ms(t)} ms (not part of the timings)`);

    const scenarios: ScenarioRecord[] = [];
    for (const kind of OPTIONS.servers) {
      libraryChecks.count = 0;
      scenarios.push(await runScenario(kind, consortia, db, baseEnv, code, libraryChecks));
    }

    printReport(scenarios);
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `onboarding-${startedAt.toISOString().replace(/[:.]/g, '-')}${OPTIONS.label ? `-${OPTIONS.label}` : ''}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtEnd: os.loadavg() },
          options: OPTIONS,
          settings: {
            worker: 'in the bench process: createWorkers(src/worker/workers.ts) + buildActivities(config, prisma), createDataConverter(config)',
            integrationSteps: baseConfig.INTEGRATION_STEPS,
            reminders: { interval: baseConfig.REMINDER_INTERVAL, beforeDeadline: baseConfig.REMINDER_BEFORE_DEADLINE },
          },
          scenarios,
        },
        null,
        2,
      ),
    );
    log(`written ${path.relative(PROJECT_ROOT, file)}`);
    return true;
  } finally {
    await cleanUp();
  }
}

function printReport(scenarios: ScenarioRecord[]): void {
  const lines: string[] = ['', 'onboarding lifecycle of every seeded consortium to LIVE (wall ms per phase; updates/s and p50/p95 ms of the updates in it)', ''];
  const names = ['start', 'surveys+signatures', 'integration', 'waiting for go-live', 'go-live'];
  lines.push(`| server | ${names.join(' | ')} | total | updates | updates/s (overall) | update p50/p95/p99 ms | start p50/p95 ms | others CPU % | LIVE / joined |`);
  lines.push(`|---|${names.map(() => '---').join('|')}|---|---|---|---|---|---|---|`);
  for (const s of scenarios) {
    const cells = names.map((n) => {
      const p = s.phases.find((x) => x.name === n);
      if (!p) return '-';
      return p.updates ? `${p.wallMs} (${p.updates} upd, ${p.updatesPerSecond}/s, ${p.updateLatencyMs!.p50}/${p.updateLatencyMs!.p95})` : `${p.wallMs}`;
    });
    lines.push(
      `| ${s.server} | ${cells.join(' | ')} | **${s.totalWallMs}** | ${s.updates.count} | ${s.updates.perSecondOverall} | ${s.updates.latencyMs.p50}/${s.updates.latencyMs.p95}/${s.updates.latencyMs.p99} | ${s.startLatencyMs.p50}/${s.startLatencyMs.p95} | ${s.cpuTotal.othersPct} | ${s.verified.live}/${s.consortia}, ${s.verified.joinedInDatabase}/${s.municipalities} |`,
    );
  }
  lines.push('');
  for (const s of scenarios) {
    lines.push(
      `${s.server}: history events per onboarding p50 ${s.historyEvents.p50}, max ${s.historyEvents.max}; payloads ${s.payloadEncoding}; reminders sent ${s.remindersSent}; library-system checks ${s.librarySystemChecks}; ` +
        `CPU % of a core (whole run): ${Object.entries(s.cpuTotal.byProcessPct).map(([k, v]) => `${k} ${v}`).join(', ')}, others ${s.cpuTotal.othersPct}, steal ${s.cpuTotal.stealPct}, load ${s.cpuTotal.loadAverage1m}` +
        (s.skippedMs !== undefined ? `; skipped ${(s.skippedMs / 3_600_000).toFixed(1)} h` : '') +
        (s.integratedToLiveMs ? `; last manual step → LIVE p50/p95 ${s.integratedToLiveMs.p50}/${s.integratedToLiveMs.p95} ms` : '') +
        (s.serverClockAheadMs ? `; server clock ahead of real time after each phase (ms): ${JSON.stringify(s.serverClockAheadMs)}` : ''),
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  async (err) => {
    console.error('[bench:onboarding] failed:', err instanceof Error ? err.stack ?? err.message : err);
    await cleanUp();
    process.exit(1);
  },
);
