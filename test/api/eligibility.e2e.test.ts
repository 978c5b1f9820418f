import { decodeJwt } from 'jose';
import { eligibilityShardOf, eligibilityShardWorkflowId } from '../../workflows/eligibility/contract';
import { FIXTURE, ID } from '../register/support/fixture-population';
import { SimulatorProcess, startSimulator, writePopulation } from '../register/support/simulator-process';
import { startTestStack, TestStack } from '../support/stack';

// Generous, so that a loaded machine answers the healthy checks in time; the fault tests wait it out.
const BUDGET_MS = 4000;
const SLOW_REGISTER_MS = 30_000;

describe('POST /eligibility/checks through the API, Temporal, the worker, the register simulator and PostgreSQL', () => {
  let stack: TestStack;
  let simulator: SimulatorProcess;
  let population: { file: string; remove(): void };
  const http = () => stack.http('staff');
  const check = (body: object, headers: Record<string, string> = {}) =>
    stack.http('login-service').post('/eligibility/checks').set(headers).send(body);
  const setFaults = (faults: object) =>
    fetch(`${simulator.url}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });

  beforeAll(async () => {
    population = writePopulation(FIXTURE);
    simulator = await startSimulator({ REGISTER_SIM_POPULATION: population.file });
    // The test flips `joined` in the database behind the worker's back: no joined-municipality cache.
    stack = await startTestStack({ REGISTER_URL: simulator.url, ELIGIBILITY_BUDGET_MS: String(BUDGET_MS), REGISTER_TIMEOUT_MS: '300', JOINED_CACHE_TTL_MS: '0' });
    // The first check pays for the cold start (first workflow task, first database connection).
    await check({ personId: ID.absent });
  });
  afterAll(async () => {
    await stack?.stop();
    await simulator?.stop();
    population?.remove();
  });

  it('refuses a resident of a municipality that has not joined, then allows them once it has', async () => {
    const before = await check({ personId: ID.adult }).expect(200);
    expect(before.body).toMatchObject({ decision: 'DENY', reason: 'MUNICIPALITY_NOT_JOINED', municipalityCode: '091' });
    expect(before.body.message).toEqual({ fi: expect.any(String), sv: expect.any(String), en: expect.any(String) });
    expect(new Date(before.body.checkedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    await stack.db.prisma.municipality.update({ where: { code: '091' }, data: { joined: true, joinedAt: new Date() } });
    const after = await check({ personId: ID.adult }).expect(200);
    expect(after.body).toMatchObject({ decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '091' });
    expect(after.body.checkId).not.toBe(before.body.checkId);
  });

  it('lets a guardian act for a child, decided by the child\'s municipality', async () => {
    await stack.db.prisma.municipality.update({ where: { code: '049' }, data: { joined: true, joinedAt: new Date() } });
    const res = await check({ personId: ID.child, guardianId: ID.guardian }).expect(200);
    expect(res.body).toMatchObject({ decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '049' });
    const alone = await check({ personId: ID.child }).expect(200);
    expect(alone.body).toMatchObject({ decision: 'DENY', reason: 'GUARDIAN_REQUIRED' });
    const stranger = await check({ personId: ID.child, guardianId: ID.adult }).expect(200);
    expect(stranger.body).toMatchObject({ decision: 'DENY', reason: 'NOT_GUARDIAN' });
  });

  it('refuses non-disclosure without reading or keeping the municipality', async () => {
    const res = await check({ personId: ID.nonDisclosure }).expect(200);
    expect(res.body).toMatchObject({ decision: 'DENY', reason: 'NON_DISCLOSURE', municipalityCode: null });
    const audit = await stack.db.prisma.eligibilityAudit.findUniqueOrThrow({ where: { checkId: res.body.checkId } });
    expect(audit).toMatchObject({ decision: 'DENY', reason: 'NON_DISCLOSURE', municipalityCode: null });
    expect(JSON.stringify(audit)).not.toContain(ID.nonDisclosure);
    expect(audit.personHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['PERSON_NOT_FOUND', ID.absent],
    ['DECEASED', ID.deceased],
    ['NO_HOME_MUNICIPALITY', ID.abroad],
    ['NO_HOME_MUNICIPALITY', ID.nowhere],
  ])('answers %s', async (reason, personId) => {
    const res = await check({ personId }).expect(200);
    expect(res.body).toMatchObject({ decision: 'DENY', reason });
  });

  it.each([
    // Well formed (the shape the OpenAPI document gives) but no one's code: 422; malformed: 400.
    ['a wrong check character', { personId: ID.adult.slice(0, -1) + (ID.adult.endsWith('A') ? 'B' : 'A') }, 'personId', 422],
    ['an impossible date', { personId: '310290-123A' }, 'personId', 422],
    ['a number', { personId: 1234 }, 'personId', 400],
    ['a missing personId', {}, 'personId', 400],
    ['a malformed guardianId', { personId: ID.child, guardianId: 'x' }, 'guardianId', 400],
    ['an unexpected field', { personId: ID.adult, name: 'Matti' }, 'name', 400],
  ])('rejects %s naming the field, never echoing the code', async (_, body, field, status) => {
    const res = await check(body).expect(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(res.body.detail).toContain(field);
    if (typeof (body as { personId?: unknown }).personId === 'string') expect(JSON.stringify(res.body)).not.toContain((body as { personId: string }).personId);
  });

  it('rejects a body that is not JSON with 400', async () => {
    const res = await stack.http('login-service').post('/eligibility/checks').set('content-type', 'application/json').send('{"personId":').expect(400);
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('answers 503 UNAVAILABLE with Retry-After within the budget during an outage, and correctly after it', async () => {
    await setFaults({ errorRate: 1 });
    try {
      const started = Date.now();
      const res = await check({ personId: ID.adult }).expect(503);
      // Retried until the budget went by, not given up early.
      expect(Date.now() - started).toBeGreaterThanOrEqual(BUDGET_MS - 100);
      expect(res.body).toMatchObject({ decision: 'UNAVAILABLE', reason: 'REGISTER_UNAVAILABLE' });
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await setFaults({ errorRate: 0 });
    }
    const res = await check({ personId: ID.adult }).expect(200);
    expect(res.body.decision).toBe('ALLOW');
  });

  it('cuts a slow register off at the budget, then answers as soon as it is fast again', async () => {
    // Far slower than the budget: an answer before the register's would come is the budget's doing,
    // however slow this machine is.
    await setFaults({ latencyMs: SLOW_REGISTER_MS });
    try {
      const started = Date.now();
      const res = await check({ personId: ID.adult }).expect(503);
      const elapsed = Date.now() - started;
      expect(res.body.reason).toBe('REGISTER_UNAVAILABLE');
      expect(elapsed).toBeGreaterThanOrEqual(BUDGET_MS - 100);
      expect(elapsed).toBeLessThan(SLOW_REGISTER_MS);
    } finally {
      await setFaults({ latencyMs: 0 });
    }
    await check({ personId: ID.adult }).expect(200);
  });

  it('gets right answers through a 30 % error rate', async () => {
    await setFaults({ errorRate: 0.3 });
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const started = Date.now();
          const res = await check({ personId: ID.adult });
          return { status: res.status, body: res.body, elapsed: Date.now() - started };
        }),
      );
      // Retries hide the errors; only a check whose whole budget went by (a very unlucky run of errors,
      // or a machine too loaded to retry in time) may answer "try again later", never a wrong answer.
      // How many run out of budget depends on the machine's speed, so it is not counted.
      for (const { status, body, elapsed } of results) {
        if (body.decision === 'UNAVAILABLE') {
          expect({ status, reason: body.reason, budgetWentBy: elapsed >= BUDGET_MS - 100 }).toEqual({ status: 503, reason: 'REGISTER_UNAVAILABLE', budgetWentBy: true });
        } else {
          expect({ status, ...body }).toMatchObject({ status: 200, decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '091' });
        }
      }
      expect(results.some(({ body }) => body.decision === 'ALLOW')).toBe(true);
    } finally {
      await setFaults({ errorRate: 0 });
    }
  });

  it('answers a repeated request with the same Idempotency-Key with the same check', async () => {
    const first = await check({ personId: ID.adult }, { 'Idempotency-Key': 'login-42' }).expect(200);
    const again = await check({ personId: ID.adult }, { 'Idempotency-Key': 'login-42' }).expect(200);
    expect(again.body).toEqual(first.body);
  });

  it('refuses the same Idempotency-Key with another person (422), naming nobody', async () => {
    const first = await check({ personId: ID.adult }, { 'Idempotency-Key': 'login-43' }).expect(200);
    expect(first.body.decision).toBe('ALLOW');
    const other = await check({ personId: ID.deceased }, { 'Idempotency-Key': 'login-43' }).expect(422);
    expect(other.body.detail).toMatch(/used for a different request/);
    expect(JSON.stringify(other.body)).not.toContain(ID.deceased);
    expect(JSON.stringify(other.body)).not.toContain(ID.adult);
    await check({ personId: ID.adult, guardianId: ID.guardian }, { 'Idempotency-Key': 'login-43' }).expect(422);
    expect((await check({ personId: ID.adult }, { 'Idempotency-Key': 'login-43' }).expect(200)).body).toEqual(first.body);

    // Two requests with one new key and different persons at once: exactly one is decided.
    const both = await Promise.all([ID.adult, ID.deceased].map((personId) => check({ personId }, { 'Idempotency-Key': 'login-44' })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 422]);
  });

  it('runs a fresh check when the same key comes back after "try again later"', async () => {
    await setFaults({ errorRate: 1 });
    try {
      await check({ personId: ID.adult }, { 'Idempotency-Key': 'login-45' }).expect(503);
    } finally {
      await setFaults({ errorRate: 0 });
    }
    const retried = await check({ personId: ID.adult }, { 'Idempotency-Key': 'login-45' }).expect(200);
    expect(retried.body).toMatchObject({ decision: 'ALLOW', reason: 'ELIGIBLE' });
    // Both checks are in the audit, each under a check id of its own.
    const audited = await stack.db.prisma.eligibilityAudit.findMany({ where: { checkId: { startsWith: retried.body.checkId.slice(0, 32) } } });
    expect(audited.map((a) => a.decision).sort()).toEqual(['ALLOW', 'UNAVAILABLE']);
    expect((await check({ personId: ID.adult }, { 'Idempotency-Key': 'login-45' }).expect(200)).body).toEqual(retried.body);
  });

  it('answers a key whose shard has started a new run since: the same decision from the audit, 422 for another person without asking the register', async () => {
    const first = await check({ personId: ID.adult }, { 'Idempotency-Key': 'login-46' }).expect(200);
    const shard = stack.env.client.workflow.getHandle(eligibilityShardWorkflowId(eligibilityShardOf(first.body.checkId)));
    const { runId } = await shard.describe();
    // An operator ends the shard's run (or it continued as new): the next check starts a new run.
    await shard.terminate('test: a new run of the shard');
    const queried = () => stack.db.prisma.registerQueryAudit.count({ where: { checkId: first.body.checkId } });
    const queriesBefore = await queried();

    const again = await check({ personId: ID.adult }, { 'Idempotency-Key': 'login-46' }).expect(200);
    expect(again.body).toEqual(first.body);
    await check({ personId: ID.deceased }, { 'Idempotency-Key': 'login-46' }).expect(422);
    expect((await shard.describe()).runId).not.toBe(runId);
    // Neither request asked the register: the first's answer was in the audit.
    expect(await queried()).toBe(queriesBefore);
    // The audit names the run that answered the check, for operators to open in the Temporal UI.
    const audit = await stack.db.prisma.eligibilityAudit.findUniqueOrThrow({ where: { checkId: first.body.checkId } });
    expect(audit).toMatchObject({ workflowId: eligibilityShardWorkflowId(eligibilityShardOf(first.body.checkId)), runId });
  });

  it('keeps the calling client in the audit record', async () => {
    const res = await check({ personId: ID.adult }).expect(200);
    const audit = await stack.db.prisma.eligibilityAudit.findUniqueOrThrow({ where: { checkId: res.body.checkId } });
    expect(audit.caller).toBe(String(decodeJwt(stack.tokens['login-service']).sub));
  });

  it('counts checks by decision, reason and municipality for staff', async () => {
    const res = await http().get('/eligibility/stats').expect(200);
    expect(res.body.total).toBeGreaterThan(10);
    // What the audit holds: which of two racing requests under one key was decided (above) varies.
    const audited = await stack.db.prisma.eligibilityAudit.groupBy({ by: ['reason'], _count: { _all: true } });
    expect(res.body.byReason).toMatchObject(Object.fromEntries(audited.map((r) => [r.reason, r._count._all])));
    expect(res.body.byReason).toMatchObject({ NON_DISCLOSURE: 1 });
    expect(res.body.byReason.DECEASED).toBeGreaterThanOrEqual(1);
    expect(res.body.byMunicipality).toContainEqual(expect.objectContaining({ municipalityCode: '091' }));
    await http().get('/eligibility/stats?from=yesterday').expect(400);
  });
});
