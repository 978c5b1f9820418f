// Fault 1b: the worker process is SIGKILLed while 200 eligibility checks are in flight in their shards;
// a new worker process takes the shards over. Every check must end with its correct answer, and the
// audit must hold exactly one row per check (a check run again after the kill finds its row).
//
// The real worker (src/worker/main.ts) runs as a child process against a dev server and a database of
// this file's own; the register simulator runs as a child process too. Checks are started with a
// Temporal client using the application's data converter, as the API does.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { setMaxListeners } from 'node:events';
import type { EligibilityCheckInput, EligibilityCheckResult } from '../../workflows/eligibility/contract';
import { sendEligibilityCheck } from '../../src/eligibility/shard-client';
import { FIXTURE } from '../register/support/fixture-population';
import { SimulatorProcess, startSimulator, writePopulation } from '../register/support/simulator-process';
import type { TestDatabase } from '../support/database';
import { JOINED, loginCase } from './support/eligibility-expectations';
import { eligibilityProcessEnv, startDatabaseAndDevServer, stopWorkersServerAndDatabase } from './support/fault-stack';
import { eventually, payloadKeyEnv, sleep, startWorkerProcess, type WorkerProcess } from './support/processes';

jest.setTimeout(180_000);

const CHECKS = 200;
// Every check must outlive the kill and the new worker's start, however loaded the machine is.
const BUDGET_MS = 90_000;

describe('fault: worker SIGKILLed with 200 eligibility checks in flight', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let simulator: SimulatorProcess;
  let population: { file: string; remove(): void };
  const workers: WorkerProcess[] = [];
  // Ends the long polls for results if the test fails before they answer: none may outlive the connection.
  // One signal for all 200 of them, so more listeners than Node's leak warning expects.
  const pending = new AbortController();
  setMaxListeners(0, pending.signal);
  const keys = payloadKeyEnv();
  const taskQueue = `reliability-eligibility-${process.pid}`;
  let workerEnv: Record<string, string>;
  const setFaults = async (faults: object) => {
    const res = await fetch(`${simulator.url}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    population = writePopulation(FIXTURE);
    [simulator, { db, env }] = await Promise.all([startSimulator({ REGISTER_SIM_POPULATION: population.file }), startDatabaseAndDevServer(keys)]);
    await db.prisma.municipality.updateMany({ where: { code: { in: JOINED } }, data: { joined: true, joinedAt: new Date('2024-04-23') } });
    workerEnv = eligibilityProcessEnv({ keys, db, temporalAddress: env.address, taskQueue, registerUrl: simulator.url });
  }, 60_000);

  afterAll(async () => {
    pending.abort();
    await stopWorkersServerAndDatabase(workers, env, db);
    await simulator?.stop();
    population?.remove();
  }, 30_000);

  it('gives every check its correct answer after a new worker takes over, with one audit row each', async () => {
    const first = await startWorkerProcess('worker-1', workerEnv);
    workers.push(first);
    // Slow register: checks stay in flight long enough for the kill to land among them.
    await setFaults({ latencyMs: 300, errorRate: 0, timeoutRate: 0 });

    const runId = `kill-${Date.now()}`;
    const checkIds = Array.from({ length: CHECKS }, (_, i) => `${runId}-${i}`);
    const started = Date.now();
    const results = checkIds.map(async (checkId, i): Promise<EligibilityCheckResult> => {
      const { login } = loginCase(i);
      const input: EligibilityCheckInput = {
        request: { checkId, personId: login.personId, guardianId: login.guardianId, requestedAt: new Date().toISOString() },
        options: { nonDisclosurePermit: false },
        budgetMs: BUDGET_MS,
        attempt: checkId,
      };
      const outcome = await env.client.withAbortSignal(pending.signal, () => sendEligibilityCheck(env.client, taskQueue, input, pending.signal));
      if (outcome.kind !== 'decided') throw new Error(`check ${checkId}: ${outcome.kind}`);
      return outcome.result;
    });
    results.forEach((r) => r.catch(() => undefined));

    // Let some checks finish, then make the register fail so that the rest stay in flight (retrying
    // inside their budget) until the kill: the kill must land in the middle, never after the end.
    const audited = () => db.prisma.eligibilityAudit.count({ where: { checkId: { startsWith: runId } } });
    await eventually(async () => (await audited()) >= 20, 30_000, () => 'the first 20 checks to be audited', 20);
    await setFaults({ errorRate: 1 });
    await sleep(500);
    const killedAt = Date.now();
    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const auditedAtKill = await audited();
    expect(auditedAtKill).toBeGreaterThanOrEqual(20);
    expect(auditedAtKill).toBeLessThan(CHECKS);

    // The register recovers, a new worker process starts on the same task queue.
    await setFaults({ latencyMs: 50, errorRate: 0 });
    const second = await startWorkerProcess('worker-2', workerEnv);
    workers.push(second);

    const answers = await Promise.all(results);
    const finishedAt = Date.now();
    for (const [i, answer] of answers.entries()) {
      const { login, expected } = loginCase(i);
      expect({ login: login.label, ...pick(answer) }).toEqual({ login: login.label, ...expected });
      expect(answer.checkId).toBe(checkIds[i]);
    }

    const rows = await db.prisma.eligibilityAudit.findMany({ where: { checkId: { startsWith: runId } } });
    expect(rows).toHaveLength(CHECKS);
    expect(new Set(rows.map((r) => r.checkId))).toEqual(new Set(checkIds));
    const byId = new Map(rows.map((r) => [r.checkId, r]));
    for (const [i, answer] of answers.entries()) {
      // The audit says what the caller was told.
      expect(byId.get(checkIds[i])).toMatchObject({ decision: answer.decision, reason: answer.reason, municipalityCode: answer.municipalityCode });
    }
    // One audit row per check across both processes: nothing else written to the table.
    expect(await db.prisma.eligibilityAudit.count()).toBe(CHECKS);
    console.log(
      `worker kill with ${CHECKS} checks: ${auditedAtKill} audited before the SIGKILL at +${killedAt - started} ms, ` +
        `all answered correctly at +${finishedAt - started} ms (+${finishedAt - killedAt} ms after the kill)`,
    );
  });
});

function pick(r: EligibilityCheckResult) {
  return { decision: r.decision, reason: r.reason, municipalityCode: r.municipalityCode };
}
