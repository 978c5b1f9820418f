// `npm run bench`: POST /eligibility/checks through the whole stack (API src/main.ts, Temporal dev
// server, worker src/worker/main.ts, register simulator, PostgreSQL, each a real process, the
// production code as it is) under closed-loop load at rising concurrency; in the same run the floor
// (the worker's own activities and rules called directly, no Temporal) and the bare Temporal ceiling
// (a workflow with one local activity that does nothing, same data converter). Healthy register, then
// 20 % register errors. Every answer is checked against the expected decision for that person.
// Requests carry a `login-service` bearer token signed with the run's development key; the API runs
// with ELIGIBILITY_RATE_LIMIT_PER_MINUTE=0 (the per-caller limit off: the load generator is one caller).
//
//   node -r ts-node/register/transpile-only bench/eligibility.ts [--flags]
//     --duration=6            seconds per level (BENCH_DURATION)
//     --concurrency=1,4,16,32,64   (BENCH_CONCURRENCY)
//     --fault-concurrency=1,16,64  levels run at 20 % register errors; "none" skips (BENCH_FAULT_CONCURRENCY)
//     --paths=full,direct,bare-local,bare-regular,bare-update,client,stages[,kill]   what to run (BENCH_PATHS);
//                             also the ceiling-raising candidates eager, shards, standalone (bench/candidates/
//                             host.ts, in this process, c=1 and 16 like "client"; standalone needs BENCH_STANDALONE=1)
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
import { NativeConnection } from '@temporalio/worker';
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
import { ELIGIBILITY_WORKFLOW_TYPE, EligibilityActivities, EligibilityCheckInput, EligibilityDecision, eligibilityWorkflowId } from '../workflows/eligibility/contract';
import { generateIdentityCode, helsinkiDate } from '../workflows/eligibility/identity-code';
import { decideEligibility, unavailableDecision } from '../workflows/eligibility/rules';
import { runUpdate } from './bare/workflows';
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
    option('paths', 'BENCH_PATHS', `full,direct,bare-local,bare-regular,bare-update,client,stages${PROCESSES.apis >= 2 && PROCESSES.workers >= 2 ? ',kill' : ''}`).split(','),
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
const CANDIDATES = ['eager', 'shards', 'standalone'] as const;
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

async function main(): Promise<boolean> {
  const startedAt = new Date();
  const stack = new BenchStack();
  const levels = OPTIONS.concurrency;
  const perLevel = OPTIONS.durationS + PAUSE_MS / 1000 + 0.5;
  const p = OPTIONS.paths;
  const estimate =
    20 +
    levels.length * perLevel * (['full', 'direct', 'bare-local', 'bare-regular'].filter((x) => p.has(x)).length) +
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

    // The kind of connection the API's client has (src/temporal/lazy-native-connection.ts): the native one.
    connection = await NativeConnection.connect({ address: stack.temporalAddress });
    // As the API's client: the production data converter (payload encryption with the run's dev keys).
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(config) });
    const runs: RunRecord[] = [];
    const latencyByCheck = new Map<string, number>();

    const direct = (c: number, ms = DURATION_MS) =>
      closedLoop(c, ms, MAX_REQUESTS, async (seq) => {
        const k = cases[seq % cases.length];
        const d = await directCheck(k.body);
        return d.decision === 'UNAVAILABLE' ? { kind: 'unavailable', detail: 'UNAVAILABLE (register not answering within the budget)' } : judgeAnswer(k.expected!, 200, d);
      });

    /** One workflow of each kind, to show from its history that its payloads were encrypted. */
    const sampleWorkflowIds: { full?: string; bare?: string } = {};
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
      const answered = keys.find((k) => latencyByCheck.has(k));
      if (answered) sampleWorkflowIds.full ??= eligibilityWorkflowId(answered);
      return { stats, keys };
    };

    const bare = (workflowType: 'bareLocal' | 'bareRegular', c: number, ms = DURATION_MS) =>
      closedLoop(c, ms, MAX_REQUESTS, async () => {
        const workflowId = `bare-${randomUUID()}`;
        sampleWorkflowIds.bare ??= workflowId;
        const result = await client.workflow.execute(workflowType, { taskQueue: stack.bareTaskQueue, workflowId });
        return result === 'ok' ? { kind: 'ok' } : { kind: 'mismatch', detail: `answered ${String(result)}` };
      });

    const bareUpdate = (c: number) =>
      closedLoop(c, DURATION_MS, MAX_REQUESTS, async () => {
        const result = await client.workflow.executeUpdateWithStart(runUpdate, {
          startWorkflowOperation: new WithStartWorkflowOperation('bareUpdate', {
            taskQueue: stack.bareTaskQueue,
            workflowId: `bare-update-${randomUUID()}`,
            workflowIdConflictPolicy: 'FAIL',
          }),
        });
        return result === 'ok' ? { kind: 'ok' } : { kind: 'mismatch', detail: `answered ${String(result)}` };
      });

    /** A check's workflow input, as the API builds it (no caller: a check started outside the API). */
    const checkInput = (k: Case): EligibilityCheckInput => ({
      request: { checkId: randomUUID(), ...k.body, requestedAt: new Date().toISOString() },
      options,
      budgetMs: config.ELIGIBILITY_BUDGET_MS,
    });

    /** The eligibility workflow through the Temporal client alone (no HTTP, no Nest): the API's share. */
    const viaClient = (c: number) =>
      closedLoop(c, DURATION_MS, MAX_REQUESTS, async (seq) => {
        const k = cases[seq % cases.length];
        const input = checkInput(k);
        const checkId = input.request.checkId;
        const result = await client.workflow.execute(ELIGIBILITY_WORKFLOW_TYPE, {
          workflowId: eligibilityWorkflowId(checkId),
          taskQueue: config.TEMPORAL_TASK_QUEUE_ELIGIBILITY,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowExecutionTimeout: '1 minute',
        });
        return judgeAnswer(k.expected!, 200, result as EligibilityDecision);
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
    // Between levels and paths: the checks a level left running (the API answers "try again later"
    // after its budget, the workflow goes on) must not be measured as the next level's load.
    const backlogQuery = `ExecutionStatus = "Running" AND (TaskQueue = "${config.TEMPORAL_TASK_QUEUE_ELIGIBILITY}" OR TaskQueue = "${stack.bareTaskQueue}")`;
    // Nor PostgreSQL's autovacuum of the audit rows a full-stack level wrote: its workers are not among
    // the CPU-accounted backends, and would otherwise run into the bare ceiling's level that follows.
    const vacuuming = async () => {
      const [row] = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`;
      return Number(row.n);
    };
    const settle = async () => {
      const t = Date.now();
      while (Date.now() - t < DRAIN_LIMIT_MS) {
        const { count } = await client.workflow.count(backlogQuery);
        if (count === 0 && (await vacuuming()) === 0) break;
        await sleep(250);
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

    // The ceiling-raising candidates (issue #15 item 2), each doing the check's whole work.
    const eagerCounts = { eagerlyStarted: 0, notEager: 0 };
    if (CANDIDATES.some((x) => p.has(x))) {
      candidates = await startCandidateHost(config, prisma, stack.candidateBundle);
      const host = candidates;
      const run: Record<(typeof CANDIDATES)[number], (k: Case, seq: number) => Promise<EligibilityDecision>> = {
        eager: async (k) => {
          const { result, eagerlyStarted } = await host.eager(checkInput(k));
          eagerCounts[eagerlyStarted ? 'eagerlyStarted' : 'notEager']++;
          return result;
        },
        shards: (k, seq) => host.shard(checkInput(k), seq),
        standalone: (k) => host.standalone(checkInput(k)),
      };
      for (const name of CANDIDATES.filter((x) => p.has(x))) {
        const loop = (c: number, ms = DURATION_MS) =>
          closedLoop(c, ms, MAX_REQUESTS, async (seq) => {
            const k = cases[seq % cases.length];
            const d = await run[name](k, seq);
            return d.decision === 'UNAVAILABLE' ? { kind: 'unavailable', detail: 'UNAVAILABLE' } : judgeAnswer(k.expected!, 200, d);
          });
        await loop(4, 1500); // warm-up, not recorded
        for (const c of [1, 16].filter((x) => levels.includes(x))) {
          await settle();
          await measure('healthy', name, () => loop(c));
        }
      }
      if (p.has('eager')) log(`eager: ${eagerCounts.eagerlyStarted} started eagerly, ${eagerCounts.notEager} not (server declined)`);
    }

    // Where the time goes: server-side history timestamps of sampled checks, and the I/O alone.
    let stages: object | undefined;
    if (p.has('stages')) stages = await measureStages(client, stageSamples, latencyByCheck, register, prisma, activities, cases);

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

    // The history holds payloads as the data converter left them: both paths must show the codec's encoding.
    const encodings: Record<string, string> = {};
    for (const [name, workflowId] of Object.entries(sampleWorkflowIds)) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory().catch((err) => void log(`history of ${workflowId}: ${(err as Error).message}`));
      const completed = history?.events?.find((e) => e.workflowExecutionCompletedEventAttributes)?.workflowExecutionCompletedEventAttributes;
      const encoding = completed?.result?.payloads?.[0]?.metadata?.encoding;
      encodings[name] = encoding ? Buffer.from(encoding).toString() : 'unknown';
    }
    log(`result payload encoding in the history: ${Object.entries(encodings).map(([k, v]) => `${k} ${v}`).join(', ') || '(no sample)'}`);

    const report = buildReport(runs);
    printReport(report, runs, stages);
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
          stages,
          kill,
          candidates: CANDIDATES.some((x) => p.has(x)) ? { host: 'bench/candidates/host.ts in the bench process (CPU counted as "bench")', eager: eagerCounts } : undefined,
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
  client: Client,
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
    const parts = { startToTaskStarted: [] as number[], taskStartedToCompleted: [] as number[], taskCompletedToClosed: [] as number[], serverTotal: [] as number[], outsideServer: [] as number[] };
    for (const checkId of keys) {
      const history = await client.workflow.getHandle(eligibilityWorkflowId(checkId)).fetchHistory().catch(() => undefined);
      const events = history?.events ?? [];
      const at = (type: string) => {
        const e = events.find((ev) => ev[type as keyof typeof ev]);
        return e ? tsToMs(e.eventTime) : NaN;
      };
      const started = at('workflowExecutionStartedEventAttributes');
      const taskStarted = at('workflowTaskStartedEventAttributes');
      const taskCompleted = at('workflowTaskCompletedEventAttributes');
      const closed = at('workflowExecutionCompletedEventAttributes');
      if ([started, taskStarted, taskCompleted, closed].some(Number.isNaN)) continue;
      parts.startToTaskStarted.push(taskStarted - started);
      parts.taskStartedToCompleted.push(taskCompleted - taskStarted);
      parts.taskCompletedToClosed.push(closed - taskCompleted);
      parts.serverTotal.push(closed - started);
      const e2e = latencyByCheck.get(checkId);
      if (e2e !== undefined) parts.outsideServer.push(e2e - (closed - started));
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
  await time('auditInsert', 200, (i) =>
    activities.recordEligibilityAudit({ checkId: `stage-${process.pid}-${i}`, checkedAt: new Date().toISOString(), personId: cases[i % cases.length].body.personId, decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '091' }),
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
  fullOverDirect?: number;
  fullOverBareLocal?: number;
  fullP50OverBareP50?: number;
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
      ratios.push({
        scenario,
        concurrency: c,
        fullPerSecond: f?.perSecond,
        fullDecidedPerSecond: f && decidedPerSecond(f),
        directPerSecond: d?.perSecond,
        bareLocalPerSecond: b?.perSecond,
        fullOverDirect: f && d ? round(decidedPerSecond(f) / d.perSecond) : undefined,
        fullOverBareLocal: f && b ? round(decidedPerSecond(f) / b.perSecond) : undefined,
        fullP50OverBareP50: f && b ? round(f.p50 / b.p50) : undefined,
      });
    }
  }
  return ratios;
}

/** Issue #15's goal, register healthy: full/ceiling ≥ 0.85 at every concurrency, c=1 p50 ≤ 1.15× bare. */
const GOAL = { fullOverCeiling: 0.85, p50OverBareAtOne: 1.15 };

function goalVerdict(ratios: Ratio[]): string | undefined {
  const healthy = ratios.filter((r) => r.scenario === 'healthy' && r.fullOverBareLocal !== undefined);
  if (healthy.length === 0) return undefined;
  const lowest = healthy.reduce((a, b) => (b.fullOverBareLocal! < a.fullOverBareLocal! ? b : a));
  const atOne = healthy.find((r) => r.concurrency === 1)?.fullP50OverBareP50;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return (
    `goal: full/ceiling ≥ ${GOAL.fullOverCeiling} at every concurrency: lowest ${lowest.fullOverBareLocal} (c=${lowest.concurrency}), ${met(lowest.fullOverBareLocal! >= GOAL.fullOverCeiling)}` +
    (atOne === undefined ? '' : `; c=1 p50 ≤ ${GOAL.p50OverBareAtOne}× bare: ${atOne}×, ${met(atOne <= GOAL.p50OverBareAtOne)}`)
  );
}

function printReport(ratios: Ratio[], runs: RunRecord[], stages: object | undefined): void {
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
    lines.push('| c | full stack | direct (floor) | bare Temporal, 1 local activity (ceiling) | full/direct | full/ceiling (decided) | wrong | non-200 |');
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const find = (pathName: string, sc: Scenario = scenario) => runs.find((x) => x.scenario === sc && x.path === pathName && x.concurrency === r.concurrency);
      const f = find('full');
      lines.push(
        `| ${r.concurrency} | ${cell(f)} | ${cell(find('direct'))} | ${cell(find('bare-local', 'healthy'))} | ${r.fullOverDirect ?? '-'} | ${r.fullOverBareLocal ?? '-'} | ${f ? f.mismatches : '-'} | ${f ? f.non200 : '-'} |`,
      );
    }
  }
  const verdict = goalVerdict(ratios);
  if (verdict) {
    lines.push('');
    lines.push(verdict);
  }
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
