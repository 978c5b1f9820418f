// Gathers what the eligibility rules need from the register, and nothing more: the facts hold no
// identity codes, no guardian's municipality, and no municipality behind a non-disclosure marking.
import type { EligibilityFacts, EligibilityOptions, GuardianFacts, PersonFacts } from '../../workflows/eligibility/contract';
import { hasFinnishHomeMunicipality } from '../../workflows/eligibility/rules';
import type { PopulationRegister, RegisterPerson } from './port';

export type IsMunicipalityLive = (municipalityCode: string) => Promise<boolean>;

export async function gatherEligibilityFacts(
  register: PopulationRegister,
  isMunicipalityLive: IsMunicipalityLive,
  request: { personId: string; guardianId?: string },
  options: EligibilityOptions & { signal?: AbortSignal },
): Promise<EligibilityFacts> {
  const { nonDisclosurePermit, signal } = options;
  // Both queries at once: a guardian's login would otherwise wait for two register round trips.
  const [subjectRecord, guardianRecord] = await Promise.all([
    register.findPerson(request.personId, { nonDisclosurePermit, signal }),
    request.guardianId === undefined
      ? undefined
      : register.findPerson(request.guardianId, { nonDisclosurePermit, withWards: true, signal }),
  ]);

  const guardian: GuardianFacts | undefined =
    guardianRecord === undefined
      ? undefined
      : {
          ...personFacts(guardianRecord),
          // The child's municipality decides; the guardian's own is not kept.
          homeMunicipalityCode: null,
          listedAsGuardian: guardianRecord?.wardIds?.includes(request.personId) ?? false,
        };

  // A child usually shares a protected guardian's address: without the permit, neither is used.
  const protectedByGuardian = (guardian?.nonDisclosure ?? false) && !nonDisclosurePermit;
  const subject = personFacts(subjectRecord);
  if (protectedByGuardian) subject.homeMunicipalityCode = null;

  const code = subject.homeMunicipalityCode;
  const municipalityLive =
    subject.found && !subject.deceased && hasFinnishHomeMunicipality(code) ? await isMunicipalityLive(code) : null;
  return { subject, ...(guardian && { guardian }), municipalityLive };
}

function personFacts(record: RegisterPerson | null): PersonFacts {
  if (record === null) return { found: false, deceased: false, nonDisclosure: false, homeMunicipalityCode: null };
  return {
    found: true,
    deceased: record.deceased,
    nonDisclosure: record.nonDisclosure,
    homeMunicipalityCode: record.homeMunicipalityCode,
  };
}
