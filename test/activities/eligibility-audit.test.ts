// The audit a check leaves: its decision row and one row per register query, written together in one
// statement by the real activity against a real database and the register simulator (issue #15 made
// it one statement); a check id the audit holds already is answered from it, without the register.
import { createEligibilityActivities } from '../../activities/eligibility/eligibility.activities';
import { hashIdentityCode } from '../../activities/eligibility/identity-hash';
import { MockActivityEnvironment } from '@temporalio/testing';
import { auditEntryFor, type EligibilityAnswer, type EligibilityCheckResult, type EligibilityRequest } from '../../workflows/eligibility/contract';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ID } from '../register/support/fixture-population';
import { useFixtureSimulator } from '../register/support/fixture-simulator';

jest.setTimeout(60_000);

const SECRET = 'test-audit-secret-of-at-least-32-characters';
const OPTIONS = { nonDisclosurePermit: false, allowTemporaryCodes: false };
const running = useFixtureSimulator();
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.municipality.update({ where: { code: '049' }, data: { joined: true } });
});
afterAll(() => db?.drop());

const SHARD_RUN = { workflowId: 'login-eligibility-shard:3', runId: 'run-of-the-test' };

/** The activities, each call in an activity context of a shard's run, as the worker runs them. */
function activities() {
  const real = createEligibilityActivities({ register: running.register, prisma: db.prisma, auditSecret: SECRET });
  const inContext = new MockActivityEnvironment({ workflowExecution: SHARD_RUN });
  return {
    decideAndRecordEligibility: (...args: Parameters<typeof real.decideAndRecordEligibility>): Promise<EligibilityAnswer> =>
      inContext.run(() => real.decideAndRecordEligibility(...args)) as Promise<EligibilityAnswer>,
    recordEligibilityAudit: (...args: Parameters<typeof real.recordEligibilityAudit>) => inContext.run(() => real.recordEligibilityAudit(...args)),
  };
}

function decided(answer: EligibilityAnswer): EligibilityCheckResult & { repeated: boolean } {
  if (answer.kind !== 'decided') throw new Error(`expected a decision, got ${answer.kind}`);
  return { ...answer.result, repeated: answer.repeated };
}

const request = (checkId: string): EligibilityRequest => ({
  checkId,
  requestHash: `hash-of-${checkId}`,
  personId: ID.child,
  guardianId: ID.guardian,
  requestedAt: new Date().toISOString(),
  caller: 'login-service',
  endUser: 'login-service',
});

it('writes the decision and both queries of a guardian check, with their times and hashes', async () => {
  const before = Date.now();
  const result = decided(await activities().decideAndRecordEligibility(request('check-guardian'), OPTIONS, Date.now() + 5000));
  const after = Date.now();
  expect(result).toMatchObject({ reason: 'ELIGIBLE', repeated: false });

  const check = await db.prisma.eligibilityAudit.findUniqueOrThrow({ where: { checkId: 'check-guardian' } });
  expect(check).toMatchObject({
    decision: 'ALLOW',
    reason: 'ELIGIBLE',
    municipalityCode: '049',
    personHash: hashIdentityCode(SECRET, ID.child),
    guardianHash: hashIdentityCode(SECRET, ID.guardian),
    caller: 'login-service',
    requestHash: 'hash-of-check-guardian',
    ...SHARD_RUN,
  });
  expect(check.checkedAt.toISOString()).toBe(result.checkedAt);

  const queries = await db.prisma.registerQueryAudit.findMany({ where: { checkId: 'check-guardian' }, orderBy: { queriedAt: 'asc' } });
  expect(queries.map((q) => [q.product, q.personHash, q.endUser, q.outcome])).toEqual([
    ['Huoltaja-Huollettavat', hashIdentityCode(SECRET, ID.guardian), 'login-service', 'found'],
    ['PERUSSANOMA 1', hashIdentityCode(SECRET, ID.child), 'login-service', 'found'],
  ]);
  for (const q of queries) {
    expect(q.queriedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(q.queriedAt.getTime()).toBeLessThanOrEqual(after);
    expect(q.returnCode).not.toBeNull();
  }
  expect(new Set(queries.map((q) => q.id)).size).toBe(2);
});

it('answers a check id the audit holds from the audit: the same decision without asking the register, key-reused for another request', async () => {
  const first = decided(await activities().decideAndRecordEligibility(request('check-again'), OPTIONS, Date.now() + 5000));
  await new Promise((r) => setTimeout(r, 5));
  const again = decided(await activities().decideAndRecordEligibility(request('check-again'), OPTIONS, Date.now() + 5000));
  expect(again).toEqual({ ...first, repeated: true });
  // The guardian's wording comes back too: the message follows the request, as the first time.
  expect(again.message.en).toMatch(/on behalf of your child/);

  const other = { ...request('check-again'), requestHash: 'hash-of-another-request', personId: ID.adult, guardianId: undefined };
  expect(await activities().decideAndRecordEligibility(other, OPTIONS, Date.now() + 5000)).toEqual({ kind: 'key-reused' });

  expect(await db.prisma.eligibilityAudit.count({ where: { checkId: 'check-again' } })).toBe(1);
  expect(await db.prisma.registerQueryAudit.count({ where: { checkId: 'check-again' } })).toBe(2);
});

it('a check without a register query (a temporary code) writes its decision row alone, once', async () => {
  const temporary = { ...request('check-temporary'), personId: ID.temporary, guardianId: undefined };
  const result = decided(await activities().decideAndRecordEligibility(temporary, OPTIONS, Date.now() + 5000));
  expect(result.reason).toBe('PERSON_NOT_FOUND');
  await activities().recordEligibilityAudit(auditEntryFor(temporary, result, new Date().toISOString()));
  const rows = await db.prisma.eligibilityAudit.findMany({ where: { checkId: 'check-temporary' } });
  expect(rows.map((r) => [r.reason, r.guardianHash, r.checkedAt.toISOString()])).toEqual([['PERSON_NOT_FOUND', null, result.checkedAt]]);
  expect(await db.prisma.registerQueryAudit.count({ where: { checkId: 'check-temporary' } })).toBe(0);
});

it('when the decision row cannot be written, the attempt fails but its queries are still audited', async () => {
  // A real failure of the combined statement: PostgreSQL refuses this check's decision row.
  await db.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW."checkId" = 'check-refused' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
  await db.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_audit BEFORE INSERT ON "EligibilityAudit" FOR EACH ROW EXECUTE FUNCTION refuse_audit()`);
  try {
    await expect(activities().decideAndRecordEligibility(request('check-refused'), OPTIONS, Date.now() + 5000)).rejects.toThrow(/refused for the test/);
  } finally {
    await db.prisma.$executeRawUnsafe('DROP TRIGGER refuse_audit ON "EligibilityAudit"');
  }
  expect(await db.prisma.eligibilityAudit.count({ where: { checkId: 'check-refused' } })).toBe(0);
  const queries = await db.prisma.registerQueryAudit.findMany({ where: { checkId: 'check-refused' } });
  expect(queries.map((q) => q.product).sort()).toEqual(['Huoltaja-Huollettavat', 'PERUSSANOMA 1']);
});
