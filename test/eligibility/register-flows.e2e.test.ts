// The real register's flows through the API, Temporal, the worker, the SOAP simulator and PostgreSQL:
// the guardian flow's privacy (counted in the simulator's queries), temporary and future codes, an
// audit row per register query, the support lookup, a guardian's dependents, and audit retention.
import { AUDIT_RETENTION_SCHEDULE_ID, AUDIT_RETENTION_WORKFLOW_TYPE } from '../../workflows/eligibility/retention';
import { ageOn, generateIdentityCode, helsinkiDate, parseIdentityCode } from '../../workflows/eligibility/identity-code';
import { hashIdentityCode } from '../../activities/eligibility/identity-hash';
import { FIXTURE, ID } from '../register/support/fixture-population';
import { SimulatorProcess, startSimulator, writePopulation } from '../register/support/simulator-process';
import { startTestStack, TestStack } from '../support/stack';

interface QueryCounts {
  total: number;
  byProduct: Record<string, number>;
}

describe('the register flows end to end', () => {
  let stack: TestStack;
  let simulator: SimulatorProcess;
  const population = writePopulation(FIXTURE);
  const check = (body: object) => stack.http('login-service').post('/eligibility/checks').send(body);
  const queries = async (): Promise<QueryCounts> => (await fetch(`${simulator.url}/admin/queries`)).json() as Promise<QueryCounts>;
  /** The queries `work` made the register receive. */
  const counted = async <T>(work: () => Promise<T>) => {
    const before = await queries();
    const result = await work();
    const after = await queries();
    const byProduct = Object.fromEntries(
      Object.entries(after.byProduct)
        .map(([product, n]) => [product, n - (before.byProduct[product] ?? 0)])
        .filter(([, n]) => n !== 0),
    );
    return { result, total: after.total - before.total, byProduct };
  };
  const ageToday = (code: string) => {
    const identity = parseIdentityCode(code);
    if (!identity.ok) throw new Error(identity.problem);
    return ageOn(identity.birthDate, helsinkiDate(Date.now()));
  };
  const hash = (code: string) => hashIdentityCode(stack.config.AUDIT_HMAC_SECRET, code);

  beforeAll(async () => {
    simulator = await startSimulator({ REGISTER_SIM_POPULATION: population.file });
    stack = await startTestStack({ REGISTER_URL: simulator.url, JOINED_CACHE_TTL_MS: '0', ELIGIBILITY_BUDGET_MS: '3000' });
    await stack.db.prisma.municipality.updateMany({ where: { code: { in: ['091', '049', '092'] } }, data: { joined: true, joinedAt: new Date() } });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await simulator?.stop();
    population.remove();
  });

  describe('privacy by design in the guardian flow', () => {
    it('a stranger acting for a child gets NOT_GUARDIAN, and the register is never asked about the child', async () => {
      const { result, total, byProduct } = await counted(() => check({ personId: ID.child, guardianId: ID.adult }).expect(200));
      expect(result.body).toMatchObject({ decision: 'DENY', reason: 'NOT_GUARDIAN' });
      expect(total).toBe(1);
      expect(byProduct).toEqual({ 'Huoltaja-Huollettavat': 1 });
      // The audit shows the one query, about the signed-in person only.
      const rows = await stack.db.prisma.registerQueryAudit.findMany({ where: { checkId: result.body.checkId } });
      expect(rows.map((r) => [r.personHash, r.product])).toEqual([[hash(ID.adult), 'Huoltaja-Huollettavat']]);
    });

    it('a stranger cannot learn whether a code exists or its person died', async () => {
      for (const personId of [ID.absent, ID.deceased]) {
        const { result, total } = await counted(() => check({ personId, guardianId: ID.adult }).expect(200));
        expect(result.body.reason).toBe('NOT_GUARDIAN');
        expect(total).toBe(1);
      }
    });

    it('a listed guardian: first the guardian, then the child; the child decides', async () => {
      const { result, byProduct } = await counted(() => check({ personId: ID.child, guardianId: ID.guardian }).expect(200));
      expect(result.body).toMatchObject({ decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '049' });
      expect(byProduct).toEqual({ 'Huoltaja-Huollettavat': 1, 'PERUSSANOMA 1': 1 });
      const rows = await stack.db.prisma.registerQueryAudit.findMany({ where: { checkId: result.body.checkId }, orderBy: { queriedAt: 'asc' } });
      expect(rows.map((r) => ({ person: r.personHash, product: r.product, returnCode: r.returnCode, outcome: r.outcome }))).toEqual([
        { person: hash(ID.guardian), product: 'Huoltaja-Huollettavat', returnCode: '0000', outcome: 'found' },
        { person: hash(ID.child), product: 'PERUSSANOMA 1', returnCode: '0000', outcome: 'found' },
      ]);
      expect(JSON.stringify(rows)).not.toContain(ID.child);
      // Loppukayttaja and the audit's end user: the calling service (the token's subject), never a person.
      const subject = JSON.parse(Buffer.from(stack.tokens['login-service'].split('.')[1], 'base64url').toString()).sub;
      expect(rows.map((r) => r.endUser)).toEqual([subject, subject]);
    });
  });

  describe('register faults', () => {
    const setFaults = (faults: object) =>
      fetch(`${simulator.url}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });

    it('a configuration fault (X-Road access denied) is "try again later" after one query: no retry storm', async () => {
      await setFaults({ configurationFaultRate: 1 });
      try {
        const { result, total } = await counted(() => check({ personId: ID.adult }).expect(503));
        expect(result.body).toMatchObject({ decision: 'UNAVAILABLE', reason: 'REGISTER_UNAVAILABLE' });
        expect(total).toBe(1);
        const rows = await stack.db.prisma.registerQueryAudit.findMany({ where: { checkId: result.body.checkId } });
        expect(rows.map((r) => [r.outcome, r.returnCode])).toEqual([['configuration', null]]);
      } finally {
        await setFaults({ configurationFaultRate: 0 });
      }
    });

    it('a malformed answer is "try again later", never a refusal', async () => {
      await setFaults({ malformedRate: 1 });
      try {
        const res = await check({ personId: ID.adult }).expect(503);
        expect(res.body).toMatchObject({ decision: 'UNAVAILABLE', reason: 'REGISTER_UNAVAILABLE' });
      } finally {
        await setFaults({ malformedRate: 0 });
      }
    });
  });

  describe('identity codes', () => {
    it('a temporary code (900-999) is PERSON_NOT_FOUND without a register query', async () => {
      const { result, total } = await counted(() => check({ personId: ID.temporary }).expect(200));
      expect(result.body.reason).toBe('PERSON_NOT_FOUND');
      expect(total).toBe(0);
    });

    it('a code whose birth date is in the future is refused with 422 (well formed, naming no one), without a query', async () => {
      const nextYear = helsinkiDate(Date.now()).year + 1;
      const future = generateIdentityCode({ year: nextYear, month: 1, day: 1 }, 123);
      const { result, total } = await counted(() => check({ personId: future }).expect(422));
      expect(result.body.detail).toContain('birth date is in the future');
      expect(JSON.stringify(result.body)).not.toContain(future);
      expect(total).toBe(0);
    });
  });

  describe('POST /eligibility/audit/search', () => {
    it("returns a person's checks and queries to staff, and is itself audited", async () => {
      const checked = await check({ personId: ID.child15, guardianId: ID.guardian }).expect(200);
      const found = await stack.http('staff').post('/eligibility/audit/search').send({ personId: ID.guardian }).expect(200);
      expect(found.body.checks).toEqual(
        expect.arrayContaining([expect.objectContaining({ checkId: checked.body.checkId, role: 'guardian', decision: 'ALLOW', reason: 'ELIGIBLE' })]),
      );
      expect(found.body.queries).toEqual(
        expect.arrayContaining([expect.objectContaining({ checkId: checked.body.checkId, product: 'Huoltaja-Huollettavat', returnCode: '0000', outcome: 'found' })]),
      );
      const operator = await stack.http('operator').post('/eligibility/audit/search').send({ personId: ID.child15 }).expect(200);
      expect(operator.body.checks[0]).toMatchObject({ checkId: checked.body.checkId, role: 'subject' });
      const searches = await stack.db.prisma.auditSearchAudit.findMany({ where: { personHash: { in: [hash(ID.guardian), hash(ID.child15)] } } });
      expect(searches).toHaveLength(2);
    });

    it('is refused to the login service, and names a bad field without echoing it', async () => {
      await stack.http('login-service').post('/eligibility/audit/search').send({ personId: ID.adult }).expect(403);
      const bad = await stack.http('staff').post('/eligibility/audit/search').send({ personId: ID.adult.slice(0, 10) + 'Q', extra: 1 }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'personId']);
      await stack.http('staff').post('/eligibility/audit/search').send({}).expect(400);
    });
  });

  describe('POST /eligibility/dependents', () => {
    it("lists a guardian's wards under 18 with their decisions: one guardian query plus one per ward", async () => {
      const { result, byProduct } = await counted(() => stack.http('login-service').post('/eligibility/dependents').send({ guardianId: ID.guardian }).expect(200));
      expect(result.body.status).toBe('OK');
      expect(result.body.dependents).toEqual([
        expect.objectContaining({ personId: ID.child, age: ageToday(ID.child), decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '049' }),
        expect.objectContaining({ personId: ID.child15, age: ageToday(ID.child15), decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '091' }),
      ]);
      expect(result.body.dependents[0].message.en).toBe('You can use E-kirjasto on behalf of your child.');
      expect(byProduct).toEqual({ 'Huoltaja-Huollettavat': 1, 'PERUSSANOMA 1': 2 });
      // Nothing stored but the audit of the three queries.
      expect(await stack.db.prisma.registerQueryAudit.count({ where: { checkId: result.body.lookupId } })).toBe(3);
      expect(await stack.db.prisma.eligibilityAudit.count({ where: { checkId: result.body.lookupId } })).toBe(0);
    });

    it('a guardian under non-disclosure: the ward is listed, refused under the same rule', async () => {
      const res = await stack.http('login-service').post('/eligibility/dependents').send({ guardianId: ID.protectedGuardian }).expect(200);
      expect(res.body.dependents).toEqual([expect.objectContaining({ personId: ID.childOfProtected, decision: 'DENY', reason: 'NON_DISCLOSURE', municipalityCode: null })]);
    });

    it('someone without wards gets an empty list from one query', async () => {
      const { result, total } = await counted(() => stack.http('login-service').post('/eligibility/dependents').send({ guardianId: ID.adult }).expect(200));
      expect(result.body).toMatchObject({ status: 'OK', dependents: [] });
      expect(total).toBe(1);
    });

    it('is for the login service only, and validates its body', async () => {
      await stack.http('staff').post('/eligibility/dependents').send({ guardianId: ID.guardian }).expect(403);
      await stack.http('login-service').post('/eligibility/dependents').send({ personId: ID.guardian }).expect(400);
    });

    it('answers 503 with Retry-After when the register is down: never an empty list as if final', async () => {
      await fetch(`${simulator.url}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ soapFaultRate: 1 }) });
      try {
        const res = await stack.http('login-service').post('/eligibility/dependents').send({ guardianId: ID.guardian }).expect(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.body).toMatchObject({ status: 'UNAVAILABLE', dependents: [] });
      } finally {
        await fetch(`${simulator.url}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ soapFaultRate: 0 }) });
      }
    });
  });

  describe('the OpenAPI document', () => {
    it.each([
      ['/eligibility/dependents', 'guardianId', ['200', '400', '401', '403', '422', '429', '503']],
      ['/eligibility/audit/search', 'personId', ['200', '400', '401', '403', '422']],
    ])('%s: a strict body schema and every status', async (route, field, statuses) => {
      const document = (await stack.http('staff').get('/docs/openapi.json').expect(200)).body;
      const operation = document.paths[route].post;
      expect(operation.requestBody.content['application/json'].schema).toMatchObject({
        type: 'object',
        required: [field],
        additionalProperties: false,
        properties: { [field]: { type: 'string', pattern: expect.any(String) } },
      });
      const pattern = new RegExp(operation.requestBody.content['application/json'].schema.properties[field].pattern);
      expect(pattern.test(ID.guardian)).toBe(true);
      for (const status of statuses) expect(operation.responses).toHaveProperty(status);
      expect(operation.security).toEqual([{ bearer: [] }]);
    });
  });

  describe('audit retention', () => {
    it('the API creates the retention Schedule at start-up (visible in the Temporal UI)', async () => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          const described = await stack.env.client.schedule.getHandle(AUDIT_RETENTION_SCHEDULE_ID).describe();
          expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: AUDIT_RETENTION_WORKFLOW_TYPE });
          break;
        } catch (err) {
          if (Date.now() > deadline) throw err;
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      }
    });

    it('deletes rows older than the retention in batches and keeps the rest', async () => {
      const old = new Date(Date.now() - 6 * 365 * 86_400_000);
      const prisma = stack.db.prisma;
      await prisma.registerQueryAudit.createMany({
        data: Array.from({ length: 5 }, (_, i) => ({ queriedAt: old, product: 'PERUSSANOMA 1', endUser: 'test', checkId: `old-${i}`, personHash: 'h', outcome: 'found' })),
      });
      await prisma.eligibilityAudit.createMany({
        data: Array.from({ length: 3 }, (_, i) => ({ checkId: `old-check-${i}`, checkedAt: old, decision: 'ALLOW', reason: 'ELIGIBLE', personHash: 'h' })),
      });
      const recent = await prisma.registerQueryAudit.count();
      const result = await stack.env.client.workflow.execute(AUDIT_RETENTION_WORKFLOW_TYPE, {
        workflowId: `retention-test-${process.pid}`,
        taskQueue: stack.config.TEMPORAL_TASK_QUEUE_ELIGIBILITY,
        args: [{ retentionMs: 5 * 365.25 * 86_400_000, batchSize: 2 }],
      });
      expect(result).toMatchObject({ deleted: expect.any(Number) });
      expect(await prisma.registerQueryAudit.count({ where: { queriedAt: { lt: new Date(Date.now() - 365 * 86_400_000) } } })).toBe(0);
      expect(await prisma.eligibilityAudit.count({ where: { checkedAt: { lt: new Date(Date.now() - 365 * 86_400_000) } } })).toBe(0);
      expect(await prisma.registerQueryAudit.count()).toBe(recent - 5);
    });
  });
});
