// Gathers what the eligibility rules need from the register, and nothing more: the facts hold no
// identity codes, no guardian's municipality, and no municipality behind a non-disclosure marking.
//
// Privacy by design in the guardian flow: the first query is always about the signed-in person (the
// guardian, with their wards); the child is asked about only once the register has listed the child
// as that person's minor ward. Anyone else's "child" is never queried.
import type { EligibilityFacts, EligibilityOptions, GuardianFacts, PersonFacts } from '../../workflows/eligibility/contract';
import { ageOn, helsinkiDate, parseIdentityCode } from '../../workflows/eligibility/identity-code';
import { AGE_OF_MAJORITY, hasFinnishHomeMunicipality } from '../../workflows/eligibility/rules';
import type { PopulationRegister, RegisterPerson, RegisterQueryRecord } from './port';

export type IsMunicipalityLive = (municipalityCode: string) => Promise<boolean>;

/** A register query as the audit sees it: the queried code goes to the audit writer, which hashes it. */
export type QueryListener = (record: RegisterQueryRecord & { personId: string }) => void;

export interface GatherOptions extends EligibilityOptions {
  signal?: AbortSignal;
  endUser?: string;
  checkId?: string;
  onQuery?: QueryListener;
}

/** Asks the register about one person, unless the code is a temporary one (900-999) and those are
 * not allowed: no real person has one, so the answer is "not found" without a query. */
export function personLookup(register: PopulationRegister, options: GatherOptions) {
  return async (personId: string, withWards: boolean): Promise<RegisterPerson | null> => {
    const identity = parseIdentityCode(personId);
    if (!identity.ok || (identity.temporary && !options.allowTemporaryCodes)) return null;
    return register.findPerson(personId, {
      nonDisclosurePermit: options.nonDisclosurePermit,
      withWards,
      endUser: options.endUser,
      checkId: options.checkId,
      signal: options.signal,
      onQuery: options.onQuery && ((record) => options.onQuery?.({ ...record, personId })),
    });
  };
}

/** Whether the code's owner is under 18 today (Helsinki's date). */
export function isMinor(personId: string, now = Date.now()): boolean {
  const identity = parseIdentityCode(personId);
  return identity.ok && ageOn(identity.birthDate, helsinkiDate(now)) < AGE_OF_MAJORITY;
}

export async function gatherEligibilityFacts(
  register: PopulationRegister,
  isMunicipalityLive: IsMunicipalityLive,
  request: { personId: string; guardianId?: string },
  options: GatherOptions,
): Promise<EligibilityFacts> {
  const lookup = personLookup(register, options);
  let guardian: GuardianFacts | undefined;
  if (request.guardianId !== undefined) {
    const guardianRecord = await lookup(request.guardianId, true);
    guardian = {
      ...personFacts(guardianRecord),
      // The child's municipality decides; the guardian's own is not kept.
      homeMunicipalityCode: null,
      listedAsGuardian: guardianRecord?.wards?.some((ward) => ward.personId === request.personId) ?? false,
    };
    const mayAskAboutChild = guardian.found && !guardian.deceased && guardian.listedAsGuardian && isMinor(request.personId);
    if (!mayAskAboutChild) return { subject: null, guardian, municipalityLive: null };
  }
  const subject = personFacts(await lookup(request.personId, false));
  return completeFacts(subject, guardian, options, isMunicipalityLive);
}

/** Adds the municipality's joined status to a subject's facts, minding a protected guardian. */
export async function completeFacts(
  subject: PersonFacts,
  guardian: GuardianFacts | undefined,
  options: EligibilityOptions,
  isMunicipalityLive: IsMunicipalityLive,
): Promise<EligibilityFacts> {
  // A child usually shares a protected guardian's address: without the permit, neither is used.
  if ((guardian?.nonDisclosure ?? false) && !options.nonDisclosurePermit) subject.homeMunicipalityCode = null;
  const code = subject.homeMunicipalityCode;
  const municipalityLive =
    subject.found && !subject.deceased && hasFinnishHomeMunicipality(code) ? await isMunicipalityLive(code) : null;
  return { subject, ...(guardian && { guardian }), municipalityLive };
}

export function personFacts(record: RegisterPerson | null): PersonFacts {
  if (record === null) return { found: false, deceased: false, nonDisclosure: false, homeMunicipalityCode: null };
  return {
    found: true,
    deceased: record.deceased,
    nonDisclosure: record.nonDisclosure,
    homeMunicipalityCode: record.homeMunicipalityCode,
    ...(record.withheld && { withheld: true }),
  };
}
