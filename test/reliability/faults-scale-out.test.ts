// Fault 6: two API processes and two worker processes (src/main.ts, src/worker/main.ts, as production
// runs them) share one dev server and one database; under a load of login checks spread over both
// APIs, one API and one worker are SIGKILLed. A request that the dead API never answered is sent again,
// with the same Idempotency-Key, to the other API (bench/failover.ts, as a load balancer does). Every
// login must get its right answer, and every check must be exactly one check (one audit row).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { decodeJwt } from 'jose';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiPool, type FailoverAnswer } from '../../bench/failover';
import { signDevToken } from '../../src/auth/dev-signing-key';
import { loadConfig } from '../../src/config/config';
import type { EligibilityCheckResult } from '../../workflows/eligibility/contract';
import { FIXTURE } from '../register/support/fixture-population';
import { SimulatorProcess, startSimulator, writePopulation } from '../register/support/simulator-process';
import type { TestDatabase } from '../support/database';
import { JOINED, loginCase } from './support/eligibility-expectations';
import { eligibilityProcessEnv, startDatabaseAndDevServer, stopWorkersServerAndDatabase } from './support/fault-stack';
import { eventually, freePort, payloadKeyEnv, startApiProcess, startWorkerProcess, type ServiceProcess } from './support/processes';

jest.setTimeout(180_000);

const CHECKS = 48;
const CONCURRENCY = 8;
/** Long enough for a check held by the killed worker to finish on the other one (after the server's
 * 10 s workflow task timeout): every answer is then a decision, never "try again later". */
const BUDGET_MS = '30000';

describe('fault: one of two APIs and one of two workers SIGKILLed under load', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let simulator: SimulatorProcess;
  let population: { file: string; remove(): void };
  let keysDir: string;
  let token: string;
  const processes: ServiceProcess[] = [];
  const apiUrls: string[] = [];
  const keys = payloadKeyEnv();
  const taskQueue = `reliability-scale-out-${process.pid}`;

  beforeAll(async () => {
    population = writePopulation(FIXTURE);
    [simulator, { db, env }] = await Promise.all([startSimulator({ REGISTER_SIM_POPULATION: population.file }), startDatabaseAndDevServer(keys)]);
    await db.prisma.municipality.updateMany({ where: { code: { in: JOINED } }, data: { joined: true, joinedAt: new Date('2024-04-23') } });
    keysDir = mkdtempSync(path.join(tmpdir(), 'ekj-scale-out-'));
    const common = eligibilityProcessEnv(
      { keys, db, temporalAddress: env.address, taskQueue, registerUrl: simulator.url },
      { ELIGIBILITY_BUDGET_MS: BUDGET_MS, AUTH_DEV_KEY_FILE: path.join(keysDir, 'dev-jwt-key.json') },
    );
    // Signing first creates the development key that both APIs then read.
    token = await signDevToken(loadConfig({ ...process.env, NODE_ENV: 'test', ...common }), ['login-service']);
    const ports = [await freePort(), await freePort()];
    const started = await Promise.allSettled([
      startWorkerProcess('worker-1', common),
      startWorkerProcess('worker-2', common),
      ...ports.map((port, i) => startApiProcess(`api-${i + 1}`, { ...common, PORT: String(port) })),
    ]);
    for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    apiUrls.push(...ports.map((port) => `http://127.0.0.1:${port}`));
  }, 180_000);

  afterAll(async () => {
    await stopWorkersServerAndDatabase(processes, env, db);
    await simulator?.stop();
    population?.remove();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  }, 60_000);

  it('answers every login rightly, each as exactly one check, across the kills', async () => {
    const [worker1, worker2, api1, api2] = processes;
    // A slow register keeps checks in flight, so the kills land among them.
    const faults = await fetch(`${simulator.url}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 300 }) });
    expect(faults.status).toBe(200);

    const pool = new ApiPool(apiUrls);
    const runId = `scale-out-${Date.now()}`;
    const caller = String(decodeJwt(token).sub);
    const answers: (FailoverAnswer | Error)[] = new Array(CHECKS);
    let answered = 0;
    let next = 0;
    const callers = Array.from({ length: CONCURRENCY }, async () => {
      while (next < CHECKS) {
        const i = next++;
        const { login } = loginCase(i);
        answers[i] = await pool
          .post('/eligibility/checks', JSON.stringify({ personId: login.personId, guardianId: login.guardianId }), {
            authorization: `Bearer ${token}`,
            'idempotency-key': `${runId}-${i}`,
          })
          .catch((err: Error) => err);
        answered++;
      }
    });

    // Mid-way: a third answered, requests still out. Which API or worker holds which check is up to
    // the round robin and Temporal; the kills hit whatever they hold.
    await eventually(() => answered >= CHECKS / 3, 120_000, () => `a third of the checks to be answered (${answered})`, 20);
    const answeredAtKill = answered;
    const [apiKill, workerKill] = await Promise.all([api2.kill('SIGKILL'), worker2.kill('SIGKILL')]);
    expect(apiKill.signal).toBe('SIGKILL');
    expect(workerKill.signal).toBe('SIGKILL');
    expect(answeredAtKill).toBeLessThan(CHECKS);

    await Promise.all(callers);
    expect(api1.running() && worker1.running()).toBe(true);

    // None lost, none falsified: every login answered 200 with its right decision.
    for (const [i, answer] of answers.entries()) {
      const { login, expected } = loginCase(i);
      expect(answer).not.toBeInstanceOf(Error);
      const { status, body } = answer as FailoverAnswer;
      const result = JSON.parse(body) as EligibilityCheckResult;
      expect({ login: login.label, status, decision: result.decision, reason: result.reason, municipalityCode: result.municipalityCode }).toEqual({ login: login.label, status: 200, ...expected });
      // The API's check id for this caller and key (EligibilityClient.checkIdFor): a retry was the same check.
      expect(result.checkId).toBe(createHash('sha256').update(`${caller}\0${runId}-${i}`).digest('hex').slice(0, 32));
    }
    // The requests the dead API held were sent again to the other one.
    expect(pool.retried).toBeGreaterThan(0);

    // Exactly one check (one audit row, saying what the caller was told) per login.
    const checkIds = answers.map((a) => (JSON.parse((a as FailoverAnswer).body) as EligibilityCheckResult).checkId);
    const rows = await db.prisma.eligibilityAudit.findMany({ where: { checkId: { in: checkIds } } });
    expect(rows).toHaveLength(CHECKS);
    expect(await db.prisma.eligibilityAudit.count()).toBe(CHECKS);
    const byId = new Map(rows.map((r) => [r.checkId, r]));
    for (const [i, id] of checkIds.entries()) {
      expect(byId.get(id)).toMatchObject({ decision: loginCase(i).expected.decision, reason: loginCase(i).expected.reason });
    }
    const attempts = answers.map((a) => (a as FailoverAnswer).attempts);
    console.log(
      `scale-out kill: ${answeredAtKill} of ${CHECKS} answered at the SIGKILL of api-2 and worker-2; ` +
        `${attempts.filter((n) => n > 1).length} requests answered only on a later attempt (${pool.retried} resends); all ${CHECKS} right`,
    );
  });
});
