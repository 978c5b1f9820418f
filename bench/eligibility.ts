// `npm run bench`: POST /eligibility/checks through the whole stack (API src/main.ts, Temporal dev
// server, worker src/worker/main.ts, register simulator, PostgreSQL, each a real process, the
// production code as it is) under closed-loop load at rising concurrency; in the same run the floor
// (the worker's own activities and rules called directly, no Temporal) and two bare Temporal ceilings,
// same data converter: a workflow with one local activity that does nothing (bare-local, issue #15's
// ceiling) and the production shards' shape with nothing to do (bare-shard: 16 long-lived workflows, an
// update with one empty local activity per check). Healthy register, then 20 % register errors.
// Every answer is checked against the expected decision for that person.
// Requests carry a `login-service` bearer token signed with the run's development key; the API runs
// with ELIGIBILITY_RATE_LIMIT_PER_MINUTE=0 (the per-caller limit off: the load generator is one caller).
//
//   node -r ts-node/register/transpile-only bench/eligibility.ts [--flags]
//     --duration=6            seconds per level (BENCH_DURATION)
//     --concurrency=1,4,16,32,64   (BENCH_CONCURRENCY)
//     --fault-concurrency=1,16,64  levels run at 20 % register errors; "none" skips (BENCH_FAULT_CONCURRENCY)
//     --paths=full,direct,bare-local,bare-shard,bare-regular,bare-update,client,stages[,kill]   what to run
//                             (BENCH_PATHS); "client" sends the check to its shard as the API does, without HTTP;
//                             also per-check-workflow (the design before the shards), eager (the same, started
//                             eagerly) and standalone (bench/candidates/host.ts, in this process, c=1 and 16 like
//                             "client"; standalone needs BENCH_STANDALONE=1)
//     --apis=1 --workers=1    API and worker processes (BENCH_APIS, BENCH_WORKERS); load spread over the APIs
//     --kill-concurrency=16   callers of the "kill" path (BENCH_KILL_CONCURRENCY), the last default path with
//                             2+ of each: one API and one worker SIGKILLed mid-run under load; a request no
//                             API answered is resent to another with the same Idempotency-Key
//     --label=name            put into the JSON file's name
//   BENCH_PROFILE=worker,api  V8 CPU profiles of those processes (a file per thread) into .artifacts/bench/profiles/<process>-<time>/
//     --time-limit=0          seconds; past it everything is stopped and the run fails (BENCH_TIME_LIMIT;
//                             0: three times the plan's estimate, at least 360)
import 'reflect-metadata';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { tsToMs } from '@temporalio/common/lib/time';
import { decodeJwt } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { municipalityLiveFromDatabase } from '../activities/eligibility/eligibility.activities';
import { createPopulationRegister } from '../activities/population-register/from-config';
import type { VtjPopulationRegister } from '../activities/population-register/vtj-adapter';
import { RegisterUnavailableError } from '../activities/population-register/port';
import { createDataConverter } from '../src/codec/data-converter';
import { processName } from '../src/devstack/process-plan';
import { PROJECT_ROOT } from '../src/project-root';
import { buildActivities } from '../src/worker/activities';
import {
  EligibilityActivities,
  EligibilityAnswer,
  EligibilityCheckInput,
  eligibilityCheckUpdateId,
  EligibilityDecision,
  eligibilityShardOf,
} from '../workflows/eligibility/contract';
import { generateIdentityCode, helsinkiDate } from '../workflows/eligibility/identity-code';
import { decideEligibility, unavailableDecision } from '../workflows/eligibility/rules';
import { BARE_SHARD_ROTATING, runUpdate } from './bare/workflows';
import { sendEligibilityCheck, updateShard } from '../src/eligibility/shard-client';
import { cpuMeter, CpuUse, withCostPerRequest } from './cpu';
import { autocannonLoop, closedLoop, Outcome, percentile, RunStats } from './load';
import { ApiPool, LostRequestError } from './failover';
import { ARTIFACTS, BenchStack, RATE_LIMIT_SETTING } from './stack';
import { CandidateHost, startCandidateHost } from './candidates/host';

// ---------------------------------------------------------------- options
function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : process.env[env] || fallback;
}
const list = (text: string) => (text === 'none' ? [] : text.split(',').map((x) => Number(x.trim())).filter((x) => x > 0));
const PROCESSES = { apis: Number(option('apis', 'BENCH_APIS', '1')), workers: Number(option('workers', 'BENCH_WORKERS', '1')) };
const OPTIONS = {
  ...PROCESSES,
  killConcurrency: Number(option('kill-concurrency', 'BENCH_KILL_CONCURRENCY', '16')),
  durationS: Number(option('duration', 'BENCH_DURATION', '6')),
  concurrency: list(option('concurrency', 'BENCH_CONCURRENCY', '1,4,16,32,64')),
  faultConcurrency: list(option('fault-concurrency', 'BENCH_FAULT_CONCURRENCY', '1,16,64')),
  paths: new Set(
    option('paths', 'BENCH_PATHS', `full,direct,bare-local,bare-shard,bare-regular,bare-update,client,stages${PROCESSES.apis >= 2 && PROCESSES.workers >= 2 ? ',kill' : ''}`).split(','),
  ),
  label: option('label', 'BENCH_LABEL', ''),
  /** 0: derived from the plan (three times its estimate, at least 6 minutes), so a slow machine finishes. */
  timeLimitS: Number(option('time-limit', 'BENCH_TIME_LIMIT', '0')),
};
const DURATION_MS = OPTIONS.durationS * 1000;
/** The kill run: twice a level, the kills at its middle. */
const KILL_DURATION_MS = Math.max(4000, 2 * DURATION_MS);
/** A bound on requests per level, besides the time: far above what 2 cores can do. */
const MAX_REQUESTS = Math.max(1000, OPTIONS.durationS * 2000);
const PAUSE_MS = 1500;
/** At most this long for a level's leftover checks to finish before the next one starts. */
const DRAIN_LIMIT_MS = 60_000;
const ERROR_RATE = 0.2;
/** Paths of bench/candidates/host.ts. */
const CANDIDATES = ['per-check-workflow', 'eager', 'standalone'] as const;
const JOINED_CONSORTIA = ['helmet', 'piki'];

const log = (msg: string) => process.stdout.write(`[bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the people
interface Case {
  body: { personId: string; guardianId?: string };
  kind: string;
  expected?: EligibilityDecision;
}

/** A mixed population from the simulator: adults of joined and not joined municipalities, children
 * alone and with their guardian, the deceased, turvakielto, no home municipality, unknown codes. */
async function loadCases(registerUrl: string): Promise<Case[]> {
  const sample = async (query: string) => {
    const res = await fetch(`${registerUrl}/admin/population/sample?${query}`);
    if (!res.ok) throw new Error(`sample ${query}: HTTP ${res.status}`);
    return (await res.json()) as { personIds: string[]; persons: { personId: string; guardianOf: string[] }[] };
  };
  const cases: Case[] = [];
  const add = (kind: string, ids: string[]) => ids.forEach((personId) => cases.push({ kind, body: { personId } }));
  add('adult', (await sample('kind=adult&limit=500')).personIds);
  add('adult-helsinki', (await sample('kind=adult&municipalityCode=091&limit=150')).personIds);
  add('adult-tampere', (await sample('kind=adult&municipalityCode=837&limit=100')).personIds);
  add('child-alone', (await sample('kind=child&limit=150')).personIds);
  for (const g of (await sample('kind=guardian&limit=100')).persons) {
    cases.push({ kind: 'guardian-for-child', body: { personId: g.guardianOf[0], guardianId: g.personId } });
  }
  add('deceased', (await sample('kind=deceased&limit=30')).personIds);
  add('non-disclosure', (await sample('kind=nonDisclosure&limit=30')).personIds);
  add('no-home-municipality', (await sample('kind=noHomeMunicipality&limit=30')).personIds);
  // Valid codes nobody in the simulator has (individual numbers 900-999 are never generated).
  for (let i = 0; i < 20; i++) add('unknown', [generateIdentityCode({ year: 1970 + i, month: 1 + (i % 12), day: 1 + i }, 900 + i)]);
  // A fixed shuffle, so consecutive requests are a realistic mix.
  let state = 20241124;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = cases.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [cases[i], cases[j]] = [cases[j], cases[i]];
  }
  return cases;
}

// ---------------------------------------------------------------- the paths
type Scenario = 'healthy' | 'errors20';
interface RunRecord extends RunStats {
  scenario: Scenario;
  path: string;
  autocannon?: object;
  cpu?: CpuUse;
}

function same(a: EligibilityDecision, b: { decision?: unknown; reason?: unknown; municipalityCode?: unknown }): boolean {
  return a.decision === b.decision && a.reason === b.reason && a.municipalityCode === b.municipalityCode;
}

function judgeAnswer(expected: EligibilityDecision, status: number, answer: { decision?: unknown; reason?: unknown; municipalityCode?: unknown }): Outcome {
  if (status === 503 && answer.decision === 'UNAVAILABLE') return { kind: 'unavailable', detail: 'UNAVAILABLE (register not answering within the budget)' };
  if (status !== 200) return { kind: 'error', detail: `HTTP ${status}` };
  if (same(expected, answer)) return { kind: 'ok' };
  return { kind: 'mismatch', detail: `expected ${expected.decision}/${expected.reason}/${expected.municipalityCode}, got ${String(answer.decision)}/${String(answer.reason)}/${String(answer.municipalityCode)}` };
}

/** A decision taken without the API: "try again later" is what the API answers with 503. */
function judgeDecision(expected: EligibilityDecision, decision: EligibilityDecision): Outcome {
  return decision.decision === 'UNAVAILABLE' ? { kind: 'unavailable', detail: 'UNAVAILABLE (register not answering within the budget)' } : judgeAnswer(expected, 200, decision);
}

/** A check's answer (a shard's update, a per-check workflow's result, the standalone activity's). */
function judgeCheckAnswer(expected: EligibilityDecision, answer: EligibilityAnswer): Outcome {
  return answer.kind === 'decided' ? judgeDecision(expected, answer.result) : { kind: 'mismatch', detail: 'key-reused: the check id was taken as another request' };
}

const bareAnswer = (result: unknown): Outcome => (result === 'ok' ? { kind: 'ok' } : { kind: 'mismatch', detail: `answered ${String(result)}` });

/** Updates of the bare shards refused around their continue-as-new (each one sent again). */
const rotationRetries = { bareShard: 0 };

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The events of the shard run that answered check `checkId` (named by the check's audit row) and the
 * check's update id; a run's history is fetched once. */
function shardRunReader(client: Client, prisma: BenchStack['db']['prisma']) {
  const histories = new Map<string, Promise<HistoryEvent[]>>();
  return async (checkId: string): Promise<{ events: HistoryEvent[]; updateId: string } | undefined> => {
    const [row] = await prisma.$queryRaw<{ workflowId: string | null; runId: string | null; requestHash: string | null }[]>`
      SELECT "workflowId", "runId", "requestHash" FROM "EligibilityAudit" WHERE "checkId" = ${checkId}`;
    if (!row?.workflowId || !row.runId) return undefined;
    const { workflowId, runId } = row;
    if (!histories.has(runId)) histories.set(runId, client.workflow.getHandle(workflowId, runId).fetchHistory().then((h) => h.events ?? [], () => []));
    return { events: await histories.get(runId)!, updateId: eligibilityCheckUpdateId(checkId, row.requestHash ?? '') };
  };
}
type ShardRunReader = ReturnType<typeof shardRunReader>;

const updateCompleted = (events: HistoryEvent[], updateId: string) =>
  events.find((e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === updateId);

const encodingOf = (payload: Payload | null | undefined) => {
  const encoding = payload?.metadata?.encoding;
  return encoding ? Buffer.from(encoding).toString() : 'unknown';
};

async function main(): Promise<boolean> {
  const startedAt = new Date();
  const stack = new BenchStack();
  const levels = OPTIONS.concurrency;
  const perLevel = OPTIONS.durationS + PAUSE_MS / 1000 + 0.5;
  const p = OPTIONS.paths;
  const estimate =
    20 +
    levels.length * perLevel * (['full', 'direct', 'bare-local', 'bare-shard', 'bare-regular'].filter((x) => p.has(x)).length) +
    OPTIONS.faultConcurrency.length * perLevel * (['full', 'direct'].filter((x) => p.has(x)).length) +
    (p.has('bare-update') ? 2 * perLevel : 0) + (p.has('client') ? 2 * perLevel : 0) + CANDIDATES.filter((x) => p.has(x)).length * 2 * perLevel + (p.has('stages') ? 10 : 0) + (p.has('kill') ? KILL_DURATION_MS / 1000 + 5 : 0);
  const timeLimitS = OPTIONS.timeLimitS > 0 ? OPTIONS.timeLimitS : Math.max(360, Math.ceil((3 * estimate) / 60) * 60);
  let finished = false;
  const hardStop = setTimeout(() => {
    log(`time limit of ${timeLimitS} s reached: stopping everything`);
    void stack.stop().finally(() => process.exit(2));
  }, timeLimitS * 1000);
  hardStop.unref();
  const onSignal = () => {
    log('interrupted: stopping everything');
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  for (const [name, n] of Object.entries(PROCESSES)) if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error(`--${name} must be a whole number from 1 to 16`);
  if (p.has('kill') && (OPTIONS.apis < 2 || OPTIONS.workers < 2)) throw new Error('the kill path needs at least 2 APIs and 2 workers (--apis=2 --workers=2)');
  log(`${os.cpus().length} cores, Node ${process.version}; levels ${levels.join(',')} × ${OPTIONS.durationS} s; about ${Math.round(estimate)} s in all (limit ${timeLimitS} s)`);

  let connection: NativeConnection | undefined;
  let candidates: CandidateHost | undefined;
  try {
    await stack.build();
    // Marked joined before the worker starts: it may cache the joined municipalities (JOINED_CACHE_TTL_MS).
    let joined = { count: 0 };
    await stack.start(async (db) => {
      joined = await db.municipality.updateMany({ where: { consortiumId: { in: JOINED_CONSORTIA } }, data: { joined: true, joinedAt: new Date() } });
      log(`${joined.count} municipalities of ${JOINED_CONSORTIA.join(' and ')} marked joined`);
    }, PROCESSES);
    const prisma = stack.db.prisma;
    const config = stack.config;
    log(
      `API: POST /eligibility/checks with a login-service bearer token (dev key of this run), ${Object.entries(RATE_LIMIT_SETTING).map(([k, v]) => `${k}=${v}`).join(' ')} (rate limit off); ` +
        `bench client and bare worker use createDataConverter (payloads encrypted as in production); JOINED_CACHE_TTL_MS=${String((config as { JOINED_CACHE_TTL_MS?: number }).JOINED_CACHE_TTL_MS ?? '(not a setting)')}`,
    );
    const authorization = `Bearer ${stack.loginServiceToken}`;
    // The API keys idempotent checks by the caller, the token's subject (EligibilityClient.checkIdFor).
    const caller = String(decodeJwt(stack.loginServiceToken).sub);

    const setFaults = async (faults: object) => {
      const res = await fetch(`${stack.registerUrl}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (!res.ok) throw new Error(`PUT /admin/faults: HTTP ${res.status}`);
    };

    // The direct path: the worker's own activities, built as src/worker/activities.ts builds them from
    // the same configuration (register over SOAP, joined lookup), and the rules, in this process;
    // retried like the workflow does, inside the same budget.
    const register = createPopulationRegister(config);
    const activities = buildActivities(config, prisma).eligibilityActivities as EligibilityActivities;
    const options = { nonDisclosurePermit: config.NON_DISCLOSURE_PERMIT, allowTemporaryCodes: config.REGISTER_ALLOW_TEMPORARY_CODES };
    const directCheck = async (body: Case['body']): Promise<EligibilityDecision> => {
      const deadline = Date.now() + config.ELIGIBILITY_BUDGET_MS;
      let delay = 50;
      for (;;) {
        try {
          const facts = await activities.gatherEligibilityFacts({ checkId: 'x', requestedAt: '', ...body }, options, deadline);
          return decideEligibility(body, facts, helsinkiDate(Date.now()), options);
        } catch (err) {
          if (!(err instanceof RegisterUnavailableError) || Date.now() + delay >= deadline) return unavailableDecision();
          await sleep(delay);
          delay = Math.min(delay * 2, 400);
        }
      }
    };

    const cases = await loadCases(stack.registerUrl);
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < cases.length; i += 8) cases[i].expected = await directCheck(cases[i].body);
      }),
    );
    const byOutcome: Record<string, number> = {};
    for (const c of cases) byOutcome[`${c.expected!.decision} ${c.expected!.reason}`] = (byOutcome[`${c.expected!.decision} ${c.expected!.reason}`] ?? 0) + 1;
    log(`${cases.length} people, expected (direct path): ${Object.entries(byOutcome).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (cases.some((c) => c.expected!.decision === 'UNAVAILABLE')) throw new Error('the healthy register did not answer for everyone');

    // Quiet, as the bare worker: the SDK's state changes (the candidates' worker in this process) would
    // drown the bench's table. Before the first native connection, which makes the process's Runtime.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    // The kind of connection the API's client has (src/temporal/lazy-native-connection.ts): the native one.
    connection = await NativeConnection.connect({ address: stack.temporalAddress });
    // As the API's client: the production data converter (payload encryption with the run's dev keys).
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(config) });
    const runs: RunRecord[] = [];
    const latencyByCheck = new Map<string, number>();

    const direct = (c: number, ms = DURATION_MS) =>
      closedLoop(c, ms, MAX_REQUESTS, async (seq) => {
        const k = cases[seq % cases.length];
        return judgeDecision(k.expected!, await directCheck(k.body));
      });

    /** A check of the full stack and a bare workflow, to show from their histories that their payloads were encrypted. */
    const samples: { fullCheckId?: string; bareWorkflowId?: string } = {};
    let runTag = 0;
    const full = async (c: number) => {
      const tag = `bench-${process.pid}-${++runTag}`;
      const caseOfCheck = new Map<string, number>();
      const keys: string[] = [];
      const stats = await autocannonLoop(
        {
          urls: stack.apiUrls,
          path: '/eligibility/checks',
          request: (seq) => {
            const idempotencyKey = `${tag}-${seq}`;
            // The API's check id for a key (EligibilityClient.checkIdFor, the caller being the token's subject).
            const checkId = createHash('sha256').update(`${caller}\0${idempotencyKey}`).digest('hex').slice(0, 32);
            caseOfCheck.set(checkId, seq % cases.length);
            keys.push(checkId);
            return { body: JSON.stringify(cases[seq % cases.length].body), headers: { authorization, 'idempotency-key': idempotencyKey }, key: checkId };
          },
          keyOfAnswer: (body) => {
            try {
              return (JSON.parse(body) as { checkId?: string }).checkId;
            } catch {
              return undefined;
            }
          },
          judge: (checkId, status, body) => judgeAnswer(cases[caseOfCheck.get(checkId)!].expected!, status, JSON.parse(body)),
        },
        c,
        DURATION_MS,
        MAX_REQUESTS,
        (checkId, ms) => latencyByCheck.set(checkId, ms),
      );
      samples.fullCheckId ??= keys.find((k) => latencyByCheck.has(k));
      return { stats, keys };
    };

    const bare = (workflowType: 'bareLocal' | 'bareRegular', c: number, ms = DURATION_MS) =>
      closedLoop(c, ms, MAX_REQUESTS, async () => {
        const workflowId = `bare-${randomUUID()}`;
        samples.bareWorkflowId ??= workflowId;
        return bareAnswer(await client.workflow.execute(workflowType, { taskQueue: stack.bareTaskQueue, workflowId }));
      });

    const bareUpdate = (c: number) =>
      closedLoop(c, DURATION_MS, MAX_REQUESTS, async () =>
        bareAnswer(
          await client.workflow.executeUpdateWithStart(runUpdate, {
            startWorkflowOperation: new WithStartWorkflowOperation('bareUpdate', {
              taskQueue: stack.bareTaskQueue,
              workflowId: `bare-update-${randomUUID()}`,
              workflowIdConflictPolicy: 'FAIL',
            }),
          }),
        ),
      );

    /** The shard design's own ceiling: each request an update of one of the bare shards, chosen as a
     * check's shard is (eligibilityShardOf of a fresh id). */
    const bareShard = (c: number, ms = DURATION_MS) =>
      closedLoop(c, ms, MAX_REQUESTS, async () => {
        const id = randomUUID();
        return bareAnswer(
          await updateShard(
            client,
            runUpdate,
            { updateId: id, args: [], workflowType: 'bareShard', workflowId: `bare-shard:${eligibilityShardOf(id)}`, taskQueue: stack.bareTaskQueue, rotatingType: BARE_SHARD_ROTATING },
            { onResend: () => rotationRetries.bareShard++ },
          ),
        );
      });

    /** A check's input, as the API builds it (no caller: a check sent outside the API); the request
     * hash, keyed in the API, is here a plain hash of the body: stable per request is all it needs. */
    const checkInput = (k: Case): EligibilityCheckInput => ({
      request: { checkId: randomUUID(), requestHash: createHash('sha256').update(JSON.stringify(k.body)).digest('hex'), ...k.body, requestedAt: new Date().toISOString() },
      options,
      budgetMs: config.ELIGIBILITY_BUDGET_MS,
      attempt: randomUUID(),
    });

    /** The check sent to its production shard through the Temporal client alone (no HTTP, no Nest), as
     * EligibilityClient sends it (sendEligibilityCheck): the API's share is what the full stack costs more. */
    const viaClient = (c: number) =>
      closedLoop(c, DURATION_MS, MAX_REQUESTS, async (seq) => {
        const k = cases[seq % cases.length];
        const outcome = await sendEligibilityCheck(client, config.TEMPORAL_TASK_QUEUE_ELIGIBILITY, checkInput(k));
        return judgeCheckAnswer(k.expected!, outcome);
      });

    /** Runs one level with CPU accounting and records it. */
    const measure = async (scenario: Scenario, pathName: string, run: () => Promise<RunStats & { autocannon?: object }>) => {
      await stack.refreshPostgresPids();
      const meter = cpuMeter(() => stack.pids());
      const stats = await run();
      await stack.refreshPostgresPids();
      const cpu = withCostPerRequest(meter(), stats.perSecond);
      record(scenario, pathName, stats, cpu);
      return stats;
    };
    const record = (scenario: Scenario, pathName: string, stats: RunStats & { autocannon?: object }, cpu: CpuUse) => {
      runs.push({ scenario, path: pathName, ...stats, cpu });
      const bad = stats.mismatches + stats.errors + stats.unavailable;
      log(
        `${scenario.padEnd(8)} ${pathName.padEnd(12)} c=${String(stats.concurrency).padEnd(3)} ${String(stats.perSecond).padStart(7)}/s  p50 ${stats.p50} p95 ${stats.p95} p99 ${stats.p99} ms` +
          `  n=${stats.requests}  cpu ${cpu.benchPct}% ours + ${cpu.othersPct}% others + ${cpu.stealPct}% steal of ${os.cpus().length * 100}%, ${cpu.msPerRequest} ms/req ${JSON.stringify(cpu.msPerRequestByProcess)}${bad ? `  mismatches ${stats.mismatches} non-200 ${stats.non200} ${JSON.stringify(stats.statuses)} unavailable ${stats.unavailable} errors ${stats.errors}${stats.problems.length ? ` (${stats.problems.join('; ')})` : ''}` : ''}`,
      );
    };
    // Between levels and paths: the checks a level left in flight must not be measured as the next
    // level's load. Those are the full stack's: the requests autocannon leaves unanswered at a level's
    // end, and the checks the API stopped waiting for (it answers "try again later" after its budget)
    // that go on in their shard (their budget runs from their arrival there, while waiting for a slot
    // too); every path in this process awaits its own checks. The shards never close, so no count of
    // open workflows tells; but every check a shard takes ends with its audit row, decided or "try
    // again later": the checks are over when no audit row was written in a poll interval.
    const auditRows = async () => {
      const [row] = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "EligibilityAudit"`;
      return Number(row.n);
    };
    // Nor PostgreSQL's autovacuum of the audit rows a full-stack level wrote: its workers are not among
    // the CPU-accounted backends, and would otherwise run into the bare ceiling's level that follows.
    const vacuuming = async () => {
      const [row] = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`;
      return Number(row.n);
    };
    const settle = async () => {
      const t = Date.now();
      let rows = await auditRows();
      while (Date.now() - t < DRAIN_LIMIT_MS) {
        await sleep(250);
        const now = await auditRows();
        if (now === rows && (await vacuuming()) === 0) break;
        rows = now;
      }
      const waited = Date.now() - t;
      if (waited > 1000) log(`waited ${(waited / 1000).toFixed(1)} s for the previous level's checks (and PostgreSQL's vacuum of their rows) to finish`);
      await sleep(PAUSE_MS);
    };

    /** One API and one worker (the last of each) SIGKILLed at the middle of a run under load; requests
     * go round robin over the APIs through ApiPool, which resends one that got no answer to another API
     * with the same Idempotency-Key. Every answer is judged; a request no API answered is lost. */
    const killUnderLoad = async (): Promise<KillReport> => {
      const pool = new ApiPool(stack.apiUrls, { timeoutMs: config.ELIGIBILITY_BUDGET_MS + 10_000 });
      const victims = [processName('api', OPTIONS.apis - 1, OPTIONS.apis), processName('worker', OPTIONS.workers - 1, OPTIONS.workers)];
      const tag = `bench-kill-${process.pid}`;
      let lost = 0;
      let answeredOnLaterAttempt = 0;
      const startedAt = Date.now();
      let killedAtMs = NaN;
      const killing = sleep(KILL_DURATION_MS / 2).then(async () => {
        killedAtMs = Date.now() - startedAt;
        await Promise.all(victims.map((v) => stack.kill(v)));
      });
      const stats = await measure('healthy', 'kill', () =>
        closedLoop(OPTIONS.killConcurrency, KILL_DURATION_MS, MAX_REQUESTS, async (seq) => {
          const k = cases[seq % cases.length];
          try {
            const answer = await pool.post('/eligibility/checks', JSON.stringify(k.body), { authorization, 'idempotency-key': `${tag}-${seq}` });
            if (answer.attempts > 1) answeredOnLaterAttempt++;
            return judgeAnswer(k.expected!, answer.status, JSON.parse(answer.body));
          } catch (err) {
            if (!(err instanceof LostRequestError)) throw err;
            lost++;
            return { kind: 'error', detail: `lost: ${err.message}` };
          }
        }),
      );
      await killing;
      return { killed: victims, killedAtMs, concurrency: OPTIONS.killConcurrency, requests: stats.requests, wrong: stats.mismatches, errors: stats.errors, lost, unavailable: stats.unavailable, answeredOnLaterAttempt, resent: pool.retried };
    };

    // Warm-up: JIT, connections, the workers' caches. Not recorded.
    await direct(4, 2000);
    if (p.has('full')) {
      const warm = await autocannonLoop({ urls: stack.apiUrls, path: '/eligibility/checks', request: (s) => ({ body: JSON.stringify(cases[s % cases.length].body), headers: { authorization }, key: String(s) }), keyOfAnswer: () => undefined, judge: () => ({ kind: 'ok' }) }, 8, 2000, MAX_REQUESTS);
      if (warm.non200 > 0) log(`warm-up: ${warm.non200} of ${warm.requests} answers were not 200 (${warm.problems.slice(0, 2).join('; ')})`);
    }
    if (p.has('bare-local')) await bare('bareLocal', 4, 2000);
    if (p.has('bare-shard')) await bareShard(4, 2000);
    await settle();

    const stageSamples: { concurrency: number; keys: string[] }[] = [];
    for (const c of levels) {
      if (p.has('direct')) await measure('healthy', 'direct', () => direct(c));
      if (p.has('full')) {
        await settle();
        let keys: string[] = [];
        await measure('healthy', 'full', async () => {
          const result = await full(c);
          keys = result.keys;
          return result.stats;
        });
        if (c === 1 || c === 16) stageSamples.push({ concurrency: c, keys: keys.slice(Math.floor(keys.length / 2), Math.floor(keys.length / 2) + 40) });
      }
      await settle();
      if (p.has('bare-local')) {
        await measure('healthy', 'bare-local', () => bare('bareLocal', c));
        await settle();
      }
      if (p.has('bare-shard')) {
        await measure('healthy', 'bare-shard', () => bareShard(c));
        await settle();
      }
      if (p.has('bare-regular')) {
        await measure('healthy', 'bare-regular', () => bare('bareRegular', c));
        await settle();
      }
    }
    for (const c of [1, 16].filter((x) => levels.includes(x))) {
      if (p.has('bare-update')) {
        await measure('healthy', 'bare-update', () => bareUpdate(c));
        await settle();
      }
      if (p.has('client')) {
        await measure('healthy', 'client-no-api', () => viaClient(c));
        await settle();
      }
    }

    // The design before the shards (a workflow per check) and the other candidates of issue #15 item 2,
    // each doing the check's whole work, on a worker in this process.
    const eagerCounts = { eagerlyStarted: 0, notEager: 0 };
    if (CANDIDATES.some((x) => p.has(x))) {
      candidates = await startCandidateHost(config, prisma, stack.candidateBundle);
      const host = candidates;
      const perCheck = async (k: Case, eager: boolean) => {
        const { answer, eagerlyStarted } = await host.perCheck(checkInput(k), { eager });
        if (eager) eagerCounts[eagerlyStarted ? 'eagerlyStarted' : 'notEager']++;
        return answer;
      };
      const run: Record<(typeof CANDIDATES)[number], (k: Case) => Promise<EligibilityAnswer>> = {
        'per-check-workflow': (k) => perCheck(k, false),
        eager: (k) => perCheck(k, true),
        standalone: (k) => host.standalone(checkInput(k)),
      };
      for (const name of CANDIDATES.filter((x) => p.has(x))) {
        const loop = (c: number, ms = DURATION_MS) =>
          closedLoop(c, ms, MAX_REQUESTS, async (seq) => {
            const k = cases[seq % cases.length];
            return judgeCheckAnswer(k.expected!, await run[name](k));
          });
        await loop(4, 1500); // warm-up, not recorded
        for (const c of [1, 16].filter((x) => levels.includes(x))) {
          await settle();
          await measure('healthy', name, () => loop(c));
        }
      }
      if (p.has('eager')) log(`eager: ${eagerCounts.eagerlyStarted} started eagerly, ${eagerCounts.notEager} not (server declined)`);
    }

    // Where the time goes: server-side history timestamps of sampled checks' updates, and the I/O alone.
    const shardRunOf = shardRunReader(client, prisma);
    let stages: object | undefined;
    if (p.has('stages')) stages = await measureStages(shardRunOf, stageSamples, latencyByCheck, register, prisma, activities, cases);

    if (OPTIONS.faultConcurrency.length > 0) {
      await setFaults({ errorRate: ERROR_RATE });
      try {
        for (const c of OPTIONS.faultConcurrency) {
          if (p.has('direct')) await measure('errors20', 'direct', () => direct(c));
          await settle();
          if (p.has('full')) await measure('errors20', 'full', async () => (await full(c)).stats);
          await settle();
        }
      } finally {
        await setFaults({ errorRate: 0 });
      }
    }

    // Last, since it leaves the stack one API and one worker short.
    let kill: KillReport | undefined;
    if (p.has('kill')) {
      await settle();
      kill = await killUnderLoad();
    }

    // The history holds payloads as the data converter left them: both paths must show the codec's
    // encoding (the full stack's check: its update's answer in its shard's run).
    const encodings: Record<string, string> = {};
    if (samples.fullCheckId) {
      const run = await shardRunOf(samples.fullCheckId);
      encodings.full = encodingOf(run && updateCompleted(run.events, run.updateId)?.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0]);
    }
    if (samples.bareWorkflowId) {
      const history = await client.workflow.getHandle(samples.bareWorkflowId).fetchHistory().catch((err) => void log(`history of ${samples.bareWorkflowId}: ${(err as Error).message}`));
      encodings.bare = encodingOf(history?.events?.find((e) => e.workflowExecutionCompletedEventAttributes)?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0]);
    }
    log(`result payload encoding in the history: ${Object.entries(encodings).map(([k, v]) => `${k} ${v}`).join(', ') || '(no sample)'}`);

    const report = buildReport(runs);
    const goals = { bareLocal: goalVerdict(report, 'bareLocal'), bareShard: goalVerdict(report, 'bareShard') };
    printReport(report, runs, stages, Object.values(goals));
    const file = path.join(ARTIFACTS, `eligibility-${startedAt.toISOString().replace(/[:.]/g, '-')}${OPTIONS.label ? `-${OPTIONS.label}` : ''}.json`);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(
      file,
      JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
          options: { ...OPTIONS, paths: [...OPTIONS.paths] },
          processes: { api: 'src/main.ts', worker: 'src/worker/main.ts', bareWorker: 'bench/bare/worker.ts', ...PROCESSES, apiUrls: stack.apiUrls.length },
          settings: {
            api: { ...RATE_LIMIT_SETTING, auth: 'login-service bearer token signed with the run\'s development key' },
            codec: 'createDataConverter(config) in the API, the worker, the bare worker and the bench client (one dev payload key ring)',
            joinedCacheTtlMs: (config as { JOINED_CACHE_TTL_MS?: number }).JOINED_CACHE_TTL_MS,
            budgetMs: config.ELIGIBILITY_BUDGET_MS,
            payloadEncodingInHistory: encodings,
          },
          population: { people: cases.length, expected: byOutcome, joinedConsortia: JOINED_CONSORTIA, joinedMunicipalities: joined.count },
          runs,
          ratios: report,
          goals,
          stages,
          rotationRetries,
          kill,
          candidates: CANDIDATES.some((x) => p.has(x))
            ? { host: 'bench/candidates/host.ts in the bench process (CPU counted as "bench"); per-check-workflow and eager: the design before the shards', eager: eagerCounts }
            : undefined,
        },
        null,
        2,
      ),
    );
    const totalBad = runs.reduce((n, r) => n + r.mismatches, 0);
    // Refused requests mean the bench is set up wrong (token, role, rate limit), not a slow stack.
    const refused = runs.reduce((n, r) => n + ['401', '403', '429'].reduce((m, s) => m + (r.statuses[s] ?? 0), 0), 0);
    const healthyNon200 = runs.filter((r) => r.scenario === 'healthy' && r.path === 'full').reduce((n, r) => n + r.non200, 0);
    log(`results: ${path.relative(PROJECT_ROOT, file)}`);
    log(
      `${totalBad} wrong decisions in ${runs.reduce((n, r) => n + r.requests, 0)} answers; ${healthyNon200} non-200 in the full stack with the healthy register; ` +
        `${refused} refused (401/403/429); ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s in all`,
    );
    const unencrypted = Object.values(encodings).filter((e) => e !== 'binary/encrypted').length;
    if (unencrypted) log('some payloads were not encrypted: the ceiling and the full stack do not pay the same codec cost');
    if (kill) {
      log(
        `kill under load: SIGKILL of ${kill.killed.join(' and ')} at +${kill.killedAtMs} ms; ${kill.requests} checks, ${kill.wrong} wrong, ${kill.lost} lost, ${kill.errors - kill.lost} other errors, ` +
          `${kill.unavailable} answered "try again later" (held by the killed worker past their budget), ${kill.answeredOnLaterAttempt} answered only after a resend to another API`,
      );
    }
    finished = totalBad === 0 && refused === 0 && unencrypted === 0 && (kill?.errors ?? 0) === 0;
  } finally {
    await candidates?.stop().catch((err) => log(`candidates: ${(err as Error).message}`));
    await connection?.close().catch(() => undefined);
    await stack.stop();
    clearTimeout(hardStop);
  }
  return finished;
}

// ---------------------------------------------------------------- stages
async function measureStages(
  shardRunOf: ShardRunReader,
  samples: { concurrency: number; keys: string[] }[],
  latencyByCheck: Map<string, number>,
  register: VtjPopulationRegister,
  prisma: BenchStack['db']['prisma'],
  activities: EligibilityActivities,
  cases: Case[],
) {
  const median = (xs: number[]) => Math.round(percentile([...xs].sort((a, b) => a - b), 50) * 10) / 10;
  const temporal: object[] = [];
  for (const { concurrency, keys } of samples) {
    // A check's update in its shard's run: the workflow task that accepted it (scheduled, started;
    // accepted at the task's completion) and the update's completion. The update's arrival at the
    // server is not in the history: a wait for the task before (the shard's task in flight) counts
    // as "outside the server".
    const parts = { taskScheduledToStarted: [] as number[], taskStartedToAccepted: [] as number[], acceptedToCompleted: [] as number[], serverTotal: [] as number[], outsideServer: [] as number[] };
    for (const checkId of keys) {
      const run = await shardRunOf(checkId);
      if (!run) continue;
      const { events, updateId } = run;
      const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === updateId);
      const lastBefore = (type: keyof HistoryEvent) => {
        for (let i = accepted; i >= 0; i--) if (events[i][type]) return tsToMs(events[i].eventTime);
        return NaN;
      };
      const taskScheduled = lastBefore('workflowTaskScheduledEventAttributes');
      const taskStarted = lastBefore('workflowTaskStartedEventAttributes');
      const acceptedAt = accepted < 0 ? NaN : tsToMs(events[accepted].eventTime);
      const completed = updateCompleted(events, updateId);
      const completedAt = completed ? tsToMs(completed.eventTime) : NaN;
      if ([taskScheduled, taskStarted, acceptedAt, completedAt].some(Number.isNaN)) continue;
      parts.taskScheduledToStarted.push(taskStarted - taskScheduled);
      parts.taskStartedToAccepted.push(acceptedAt - taskStarted);
      parts.acceptedToCompleted.push(completedAt - acceptedAt);
      parts.serverTotal.push(completedAt - taskScheduled);
      const e2e = latencyByCheck.get(checkId);
      if (e2e !== undefined) parts.outsideServer.push(e2e - (completedAt - taskScheduled));
    }
    temporal.push({
      concurrency,
      sampled: parts.serverTotal.length,
      medianMs: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, median(v)])),
      endToEndMedianMs: median(keys.map((k) => latencyByCheck.get(k)).filter((x): x is number => x !== undefined)),
    });
  }
  // The I/O of one check, alone, one at a time (c=1), in this process.
  const io: Record<string, number> = {};
  const time = async (name: string, n: number, fn: (i: number) => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await fn(i);
      xs.push(performance.now() - t);
    }
    io[name] = median(xs);
  };
  await time('registerQuery', 200, (i) => register.findPerson(cases[i % cases.length].body.personId, { nonDisclosurePermit: false }));
  // The database query alone (what the worker does per check when JOINED_CACHE_TTL_MS=0).
  const live = municipalityLiveFromDatabase(prisma);
  await time('joinedLookupDb', 200, (i) => live(['091', '837', '005', '020'][i % 4]));
  // In an activity's context, as the worker runs it: the audit row names the run it was written in.
  const activity = new MockActivityEnvironment();
  await time('auditInsert', 200, (i) =>
    activity.run(() =>
      activities.recordEligibilityAudit({ checkId: `stage-${process.pid}-${i}`, checkedAt: new Date().toISOString(), personId: cases[i % cases.length].body.personId, decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '091' }),
    ),
  );
  const facts = { subject: { found: true, deceased: false, nonDisclosure: false, homeMunicipalityCode: '091' }, municipalityLive: true };
  await time('rules(×1000)', 20, async () => {
    for (let i = 0; i < 1000; i++) decideEligibility(cases[i % cases.length].body, facts, helsinkiDate(Date.now()), { nonDisclosurePermit: false });
  });
  return { temporal, ioMedianMs: io };
}

// ---------------------------------------------------------------- report
interface KillReport {
  killed: string[];
  killedAtMs: number;
  concurrency: number;
  requests: number;
  wrong: number;
  /** Answers neither right nor "try again later" (lost ones included). */
  errors: number;
  lost: number;
  unavailable: number;
  answeredOnLaterAttempt: number;
  resent: number;
}

interface Ratio {
  scenario: Scenario;
  concurrency: number;
  fullPerSecond?: number;
  /** Checks the full stack decided (ALLOW or DENY) per second: a "try again later" is no check served. */
  fullDecidedPerSecond?: number;
  directPerSecond?: number;
  bareLocalPerSecond?: number;
  bareShardPerSecond?: number;
  fullOverDirect?: number;
  fullOverBareLocal?: number;
  fullP50OverBareP50?: number;
  /** Against the shard design's own ceiling (bare-shard). */
  fullOverBareShard?: number;
  fullP50OverBareShardP50?: number;
}

function decidedPerSecond(run: RunRecord): number {
  return Math.round(((run.ok + run.mismatches) * 10_000) / run.elapsedMs) / 10;
}

function buildReport(runs: RunRecord[]): Ratio[] {
  const find = (scenario: Scenario, pathName: string, c: number) => runs.find((r) => r.scenario === scenario && r.path === pathName && r.concurrency === c);
  const ratios: Ratio[] = [];
  const round = (x: number) => Math.round(x * 100) / 100;
  for (const scenario of ['healthy', 'errors20'] as Scenario[]) {
    const levels = [...new Set(runs.filter((r) => r.scenario === scenario && r.path !== 'kill').map((r) => r.concurrency))].sort((a, b) => a - b);
    for (const c of levels) {
      const f = find(scenario, 'full', c);
      const d = find(scenario, 'direct', c);
      const b = find('healthy', 'bare-local', c);
      const s = find('healthy', 'bare-shard', c);
      ratios.push({
        scenario,
        concurrency: c,
        fullPerSecond: f?.perSecond,
        fullDecidedPerSecond: f && decidedPerSecond(f),
        directPerSecond: d?.perSecond,
        bareLocalPerSecond: b?.perSecond,
        bareShardPerSecond: s?.perSecond,
        fullOverDirect: f && d ? round(decidedPerSecond(f) / d.perSecond) : undefined,
        fullOverBareLocal: f && b ? round(decidedPerSecond(f) / b.perSecond) : undefined,
        fullP50OverBareP50: f && b ? round(f.p50 / b.p50) : undefined,
        fullOverBareShard: f && s ? round(decidedPerSecond(f) / s.perSecond) : undefined,
        fullP50OverBareShardP50: f && s ? round(f.p50 / s.p50) : undefined,
      });
    }
  }
  return ratios;
}

/** Issue #15's goal, register healthy: full/ceiling ≥ 0.85 at every concurrency, c=1 p50 ≤ 1.15× bare. */
const GOAL = { fullOverCeiling: 0.85, p50OverBareAtOne: 1.15 };

/** The ceilings the goal is measured against: issue #15's (bare-local, a workflow per check), and the
 * shard design's own (bare-shard), as they are named in the goal's line. */
const CEILINGS = {
  bareLocal: { ratio: 'fullOverBareLocal', p50: 'fullP50OverBareP50', over: 'full/ceiling', bare: 'bare', of: '' },
  bareShard: { ratio: 'fullOverBareShard', p50: 'fullP50OverBareShardP50', over: 'full/bare-shard', bare: 'bare-shard', of: " (the shard design's own ceiling)" },
} as const;

interface GoalVerdict {
  ceiling: string;
  lowest: number;
  lowestAtConcurrency: number;
  p50RatioAtOne?: number;
  met: boolean;
  text: string;
}

function goalVerdict(ratios: Ratio[], ceiling: keyof typeof CEILINGS): GoalVerdict | undefined {
  const { ratio, p50, over, bare, of } = CEILINGS[ceiling];
  const healthy = ratios.filter((r) => r.scenario === 'healthy' && r[ratio] !== undefined);
  if (healthy.length === 0) return undefined;
  const lowest = healthy.reduce((a, b) => (b[ratio]! < a[ratio]! ? b : a));
  const atOne = healthy.find((r) => r.concurrency === 1)?.[p50];
  const throughputMet = lowest[ratio]! >= GOAL.fullOverCeiling;
  const latencyMet = atOne === undefined || atOne <= GOAL.p50OverBareAtOne;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return {
    ceiling: ceiling === 'bareLocal' ? 'bare-local' : 'bare-shard',
    lowest: lowest[ratio]!,
    lowestAtConcurrency: lowest.concurrency,
    p50RatioAtOne: atOne,
    met: throughputMet && latencyMet,
    text:
      `goal: ${over} ≥ ${GOAL.fullOverCeiling} at every concurrency${of}: lowest ${lowest[ratio]} (c=${lowest.concurrency}), ${met(throughputMet)}` +
      (atOne === undefined ? '' : `; c=1 p50 ≤ ${GOAL.p50OverBareAtOne}× ${bare}: ${atOne}×, ${met(latencyMet)}`),
  };
}

function printReport(ratios: Ratio[], runs: RunRecord[], stages: object | undefined, goals: (GoalVerdict | undefined)[]): void {
  const cell = (r: RunRecord | undefined) =>
    r ? `${r.perSecond}/s${r.unavailable ? ` (${decidedPerSecond(r)}/s decided)` : ''} ${r.p50}/${r.p95}/${r.p99}` : '-';
  const lines: string[] = [];
  lines.push('');
  lines.push('checks/s and latency p50/p95/p99 in ms (closed loop, c = concurrent callers)');
  for (const scenario of ['healthy', 'errors20'] as Scenario[]) {
    const rows = ratios.filter((r) => r.scenario === scenario);
    if (rows.length === 0) continue;
    lines.push('');
    lines.push(scenario === 'healthy' ? 'register healthy' : `register answering 503 to ${ERROR_RATE * 100} % of queries`);
    lines.push('| c | full stack | direct (floor) | bare Temporal, 1 local activity (ceiling) | bare shards, 1 local activity per update | full/direct | full/ceiling (decided) | full/bare-shard (decided) | wrong | non-200 |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const find = (pathName: string, sc: Scenario = scenario) => runs.find((x) => x.scenario === sc && x.path === pathName && x.concurrency === r.concurrency);
      const f = find('full');
      lines.push(
        `| ${r.concurrency} | ${cell(f)} | ${cell(find('direct'))} | ${cell(find('bare-local', 'healthy'))} | ${cell(find('bare-shard', 'healthy'))} | ${r.fullOverDirect ?? '-'} | ${r.fullOverBareLocal ?? '-'} | ${r.fullOverBareShard ?? '-'} | ${f ? f.mismatches : '-'} | ${f ? f.non200 : '-'} |`,
      );
    }
  }
  const verdicts = goals.filter((g) => g !== undefined);
  if (verdicts.length) lines.push('', ...verdicts.map((g) => g.text));
  const others = runs.filter((r) => ['bare-regular', 'bare-update', 'client-no-api', ...CANDIDATES].includes(r.path));
  if (others.length) {
    lines.push('');
    lines.push('| other paths | c | checks/s | p50/p95/p99 ms |');
    lines.push('|---|---|---|---|');
    for (const r of others) lines.push(`| ${r.path} | ${r.concurrency} | ${r.perSecond} | ${r.p50}/${r.p95}/${r.p99} |`);
  }
  if (stages) {
    lines.push('');
    lines.push(`stages (medians, ms): ${JSON.stringify(stages)}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

main().then((ok) => process.exit(ok ? 0 : 1), (err) => {
  console.error('[bench] failed:', err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
