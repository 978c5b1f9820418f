// From the register process to a decision: gatherEligibilityFacts over SOAP, then the rules; and which
// queries the register received (privacy by design: the signed-in person first, the child only once
// listed as their ward).
import { gatherEligibilityFacts } from '../../activities/population-register/eligibility-facts';
import type { RegisterQueryRecord } from '../../activities/population-register/port';
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import { decideEligibility } from '../../workflows/eligibility/rules';
import { ALL_IDS, ID } from './support/fixture-population';
import { useFixtureSimulator } from './support/fixture-simulator';

const LIVE = new Set(['091', '049', '092']);

const running = useFixtureSimulator();
/** DVV gave this account the non-disclosure permit. */
const permitted = useFixtureSimulator({ NON_DISCLOSURE_PERMIT: 'true' });

async function check(request: { personId: string; guardianId?: string }, nonDisclosurePermit = false, allowTemporaryCodes = false) {
  const asked: string[] = [];
  const queries: (RegisterQueryRecord & { personId: string })[] = [];
  const isLive = async (code: string) => {
    asked.push(code);
    return LIVE.has(code);
  };
  const register = (nonDisclosurePermit ? permitted : running).register;
  const options = { nonDisclosurePermit, allowTemporaryCodes };
  const facts = await gatherEligibilityFacts(register, isLive, request, { ...options, onQuery: (q) => queries.push(q) });
  const decision = decideEligibility(request, facts, helsinkiDate(Date.now()), options);
  return { facts, asked, decision, queried: queries.map((q) => [q.personId, q.product]) };
}

const P = 'PERUSSANOMA 1';
const G = 'Huoltaja-Huollettavat';

it.each([
  ['resident of a live municipality', { personId: ID.adult }, false, 'ELIGIBLE', ['091'], [[ID.adult, P]]],
  ['resident of a municipality not live', { personId: ID.notJoinedResident }, false, 'MUNICIPALITY_NOT_JOINED', ['698'], [[ID.notJoinedResident, P]]],
  ['not in the register', { personId: ID.absent }, false, 'PERSON_NOT_FOUND', [], [[ID.absent, P]]],
  ['deceased', { personId: ID.deceased }, false, 'DECEASED', [], [[ID.deceased, P]]],
  ['non-disclosure: municipality never asked', { personId: ID.nonDisclosure }, false, 'NON_DISCLOSURE', [], [[ID.nonDisclosure, P]]],
  ['non-disclosure with the permit', { personId: ID.nonDisclosure }, true, 'ELIGIBLE', ['091'], [[ID.nonDisclosure, P]]],
  ['abroad: municipality never asked', { personId: ID.abroad }, false, 'NO_HOME_MUNICIPALITY', [], [[ID.abroad, P]]],
  ['no municipality at all', { personId: ID.nowhere }, false, 'NO_HOME_MUNICIPALITY', [], [[ID.nowhere, P]]],
  ['child of 8 alone', { personId: ID.child }, false, 'GUARDIAN_REQUIRED', ['049'], [[ID.child, P]]],
  ['child of 15 alone', { personId: ID.child15 }, false, 'ELIGIBLE', ['091'], [[ID.child15, P]]],
  ["guardian for a child of 8: the child's municipality decides", { personId: ID.child, guardianId: ID.guardian }, false, 'ELIGIBLE', ['049'], [[ID.guardian, G], [ID.child, P]]],
  ['guardian for a child of 15', { personId: ID.child15, guardianId: ID.guardian }, false, 'ELIGIBLE', ['091'], [[ID.guardian, G], [ID.child15, P]]],
  ['a stranger for a child: the child is never asked about', { personId: ID.child, guardianId: ID.adult }, false, 'NOT_GUARDIAN', [], [[ID.adult, G]]],
  ['a stranger for someone not in the register: NOT_GUARDIAN, not PERSON_NOT_FOUND', { personId: ID.absent, guardianId: ID.adult }, false, 'NOT_GUARDIAN', [], [[ID.adult, G]]],
  ['a stranger for a dead person: NOT_GUARDIAN, not DECEASED', { personId: ID.deceased, guardianId: ID.adult }, false, 'NOT_GUARDIAN', [], [[ID.adult, G]]],
  ['unknown guardian', { personId: ID.child, guardianId: ID.absent }, false, 'NOT_GUARDIAN', [], [[ID.absent, G]]],
  ['guardian under non-disclosure: neither municipality asked', { personId: ID.childOfProtected, guardianId: ID.protectedGuardian }, false, 'NON_DISCLOSURE', [], [[ID.protectedGuardian, G], [ID.childOfProtected, P]]],
  ['guardian under non-disclosure with the permit', { personId: ID.childOfProtected, guardianId: ID.protectedGuardian }, true, 'ELIGIBLE', ['092'], [[ID.protectedGuardian, G], [ID.childOfProtected, P]]],
  ['a temporary code: not found without a query', { personId: ID.temporary }, false, 'PERSON_NOT_FOUND', [], []],
  ['a temporary guardian code: not a guardian, without a query', { personId: ID.child, guardianId: ID.temporary }, false, 'NOT_GUARDIAN', [], []],
])('%s → %s', async (_case, request, permit, reason, asked, queried) => {
  const result = await check(request, permit);
  expect(result.decision.reason).toBe(reason);
  expect(result.asked).toEqual(asked);
  expect(result.queried).toEqual(queried);
});

it('with REGISTER_ALLOW_TEMPORARY_CODES a temporary code is asked about', async () => {
  const result = await check({ personId: ID.temporary }, false, true);
  expect(result.queried).toEqual([[ID.temporary, P]]);
  expect(result.decision.reason).toBe('PERSON_NOT_FOUND');
});

it('keeps no identity codes and no guardian municipality in the facts', async () => {
  const { facts } = await check({ personId: ID.child, guardianId: ID.guardian });
  expect(facts).toEqual({
    subject: { found: true, deceased: false, nonDisclosure: false, homeMunicipalityCode: '049' },
    guardian: { found: true, deceased: false, nonDisclosure: false, homeMunicipalityCode: null, listedAsGuardian: true },
    municipalityLive: true,
  });
  const text = JSON.stringify(facts);
  for (const id of ALL_IDS) expect(text).not.toContain(id);
});

it('leaves out guardian facts when no guardian acts', async () => {
  const { facts } = await check({ personId: ID.adult });
  expect(facts).not.toHaveProperty('guardian');
});
