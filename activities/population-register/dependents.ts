// A guardian's minor wards with the facts each one's decision needs: the guardian is asked first
// (product Huoltaja-Huollettavat), then each ward under 18 that the register listed, at once.
import type { EligibilityFacts, GuardianFacts } from '../../workflows/eligibility/contract';
import { completeFacts, isMinor, personFacts, personLookup, type GatherOptions, type IsMunicipalityLive } from './eligibility-facts';
import type { PopulationRegister } from './port';

export async function gatherDependents(
  register: PopulationRegister,
  isMunicipalityLive: IsMunicipalityLive,
  guardianId: string,
  options: GatherOptions,
): Promise<{ personId: string; facts: EligibilityFacts }[]> {
  const lookup = personLookup(register, options);
  const guardianRecord = await lookup(guardianId, true);
  if (guardianRecord === null || guardianRecord.deceased) return [];
  const guardian: GuardianFacts = { ...personFacts(guardianRecord), homeMunicipalityCode: null, listedAsGuardian: true };
  // Adults are no longer wards; their data are not asked for.
  const minors = (guardianRecord.wards ?? []).filter((ward) => isMinor(ward.personId));
  return Promise.all(
    minors.map(async ({ personId }) => ({
      personId,
      facts: await completeFacts(personFacts(await lookup(personId, false)), { ...guardian }, options, isMunicipalityLive),
    })),
  );
}
