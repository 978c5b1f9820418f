// The audit a check leaves: its decision row and one row per register query, written together in one
// statement by the real activity against a real database and the register simulator (issue #15 made
// it one statement); a retried attempt keeps the first decision row and adds its own queries.
import { createEligibilityActivities } from '../../activities/eligibility/eligibility.activities';
import { hashIdentityCode } from '../../activities/eligibility/identity-hash';
import { auditEntryFor, type EligibilityRequest } from '../../workflows/eligibility/contract';
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

function activities() {
  return createEligibilityActivities({ register: running.register, prisma: db.prisma, auditSecret: SECRET });
}

const request = (checkId: string): EligibilityRequest => ({
  checkId,
  personId: ID.child,
  guardianId: ID.guardian,
  requestedAt: new Date().toISOString(),
  caller: 'login-service',
  endUser: 'login-service',
});

it('writes the decision and both queries of a guardian check, with their times and hashes', async () => {
  const before = Date.now();
  const result = await activities().decideAndRecordEligibility(request('check-guardian'), OPTIONS, Date.now() + 5000);
  const after = Date.now();
  expect(result.reason).toBe('ELIGIBLE');

  const check = await db.prisma.eligibilityAudit.findUniqueOrThrow({ where: { checkId: 'check-guardian' } });
  expect(check).toMatchObject({
    decision: 'ALLOW',
    reason: 'ELIGIBLE',
    municipalityCode: '049',
    personHash: hashIdentityCode(SECRET, ID.child),
    guardianHash: hashIdentityCode(SECRET, ID.guardian),
    caller: 'login-service',
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

it('a retried attempt keeps the first decision row and adds the queries it made', async () => {
  const first = await activities().decideAndRecordEligibility(request('check-retried'), OPTIONS, Date.now() + 5000);
  await new Promise((r) => setTimeout(r, 5));
  await activities().decideAndRecordEligibility(request('check-retried'), OPTIONS, Date.now() + 5000);

  const rows = await db.prisma.eligibilityAudit.findMany({ where: { checkId: 'check-retried' } });
  expect(rows).toHaveLength(1);
  expect(rows[0].checkedAt.toISOString()).toBe(first.checkedAt);
  expect(await db.prisma.registerQueryAudit.count({ where: { checkId: 'check-retried' } })).toBe(4);
});

it('a check without a register query (a temporary code) writes its decision row alone, once', async () => {
  const temporary = { ...request('check-temporary'), personId: ID.temporary, guardianId: undefined };
  const result = await activities().decideAndRecordEligibility(temporary, OPTIONS, Date.now() + 5000);
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
