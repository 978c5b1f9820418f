// From the register process to a decision: gatherEligibilityFacts over HTTP, then the rules.
import { gatherEligibilityFacts } from '../../activities/population-register/eligibility-facts';
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import { decideEligibility } from '../../workflows/eligibility/rules';
import { ALL_IDS, ID } from './support/fixture-population';
import { useFixtureSimulator } from './support/fixture-simulator';

const LIVE = new Set(['091', '049', '092']);

const running = useFixtureSimulator();

async function check(request: { personId: string; guardianId?: string }, nonDisclosurePermit = false) {
  const asked: string[] = [];
  const isLive = async (code: string) => {
    asked.push(code);
    return LIVE.has(code);
  };
  const facts = await gatherEligibilityFacts(running.register, isLive, request, { nonDisclosurePermit });
  const decision = decideEligibility(request, facts, helsinkiDate(Date.now()), { nonDisclosurePermit });
  return { facts, asked, decision };
}

it.each([
  ['resident of a live municipality', { personId: ID.adult }, false, 'ELIGIBLE', ['091']],
  ['resident of a municipality not live', { personId: ID.notJoinedResident }, false, 'MUNICIPALITY_NOT_JOINED', ['698']],
  ['not in the register', { personId: ID.absent }, false, 'PERSON_NOT_FOUND', []],
  ['deceased', { personId: ID.deceased }, false, 'DECEASED', []],
  ['non-disclosure: municipality never asked', { personId: ID.nonDisclosure }, false, 'NON_DISCLOSURE', []],
  ['non-disclosure with the permit', { personId: ID.nonDisclosure }, true, 'ELIGIBLE', ['091']],
  ['abroad: municipality never asked', { personId: ID.abroad }, false, 'NO_HOME_MUNICIPALITY', []],
  ['no municipality at all', { personId: ID.nowhere }, false, 'NO_HOME_MUNICIPALITY', []],
  ['child of 8 alone', { personId: ID.child }, false, 'GUARDIAN_REQUIRED', ['049']],
  ['child of 15 alone', { personId: ID.child15 }, false, 'ELIGIBLE', ['091']],
  ["guardian for a child of 8: the child's municipality decides", { personId: ID.child, guardianId: ID.guardian }, false, 'ELIGIBLE', ['049']],
  ['guardian for a child of 15', { personId: ID.child15, guardianId: ID.guardian }, false, 'ELIGIBLE', ['091']],
  ['someone else for a child', { personId: ID.child, guardianId: ID.adult }, false, 'NOT_GUARDIAN', ['049']],
  ['unknown guardian', { personId: ID.child, guardianId: ID.absent }, false, 'NOT_GUARDIAN', ['049']],
  ['guardian under non-disclosure: neither municipality asked', { personId: ID.childOfProtected, guardianId: ID.protectedGuardian }, false, 'NON_DISCLOSURE', []],
  ['guardian under non-disclosure with the permit', { personId: ID.childOfProtected, guardianId: ID.protectedGuardian }, true, 'ELIGIBLE', ['092']],
])('%s → %s', async (_case, request, permit, reason, asked) => {
  const result = await check(request, permit);
  expect(result.decision.reason).toBe(reason);
  expect(result.asked).toEqual(asked);
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
