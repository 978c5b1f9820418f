// The right answer for each login against the register fixture (test/register/support/fixture-population),
// written out by hand from ../shared/docs/DOMAIN.md's rules, given which municipalities have joined.
import type { EligibilityOutcome, EligibilityReason } from '../../../workflows/eligibility/contract';
import { ID } from '../../register/support/fixture-population';

export interface Login {
  label: string;
  personId: string;
  guardianId?: string;
}

export interface Expected {
  decision: EligibilityOutcome;
  reason: EligibilityReason;
  municipalityCode: string | null;
}

/** The municipalities the tests mark joined before any check runs. */
export const JOINED = ['091', '049'];

export const LOGINS: { login: Login; expected: Expected }[] = [
  { login: { label: 'adult of 091', personId: ID.adult }, expected: { decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '091' } },
  { login: { label: 'guardian alone', personId: ID.guardian }, expected: { decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '091' } },
  { login: { label: 'child via guardian', personId: ID.child, guardianId: ID.guardian }, expected: { decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '049' } },
  { login: { label: 'child alone (8)', personId: ID.child }, expected: { decision: 'DENY', reason: 'GUARDIAN_REQUIRED', municipalityCode: '049' } },
  { login: { label: 'child of 15 alone', personId: ID.child15 }, expected: { decision: 'ALLOW', reason: 'ELIGIBLE', municipalityCode: '091' } },
  { login: { label: 'child via a stranger', personId: ID.child, guardianId: ID.adult }, expected: { decision: 'DENY', reason: 'NOT_GUARDIAN', municipalityCode: null } },
  { login: { label: 'deceased', personId: ID.deceased }, expected: { decision: 'DENY', reason: 'DECEASED', municipalityCode: null } },
  { login: { label: 'non-disclosure', personId: ID.nonDisclosure }, expected: { decision: 'DENY', reason: 'NON_DISCLOSURE', municipalityCode: null } },
  { login: { label: 'child of a protected guardian', personId: ID.childOfProtected, guardianId: ID.protectedGuardian }, expected: { decision: 'DENY', reason: 'NON_DISCLOSURE', municipalityCode: null } },
  { login: { label: 'abroad', personId: ID.abroad }, expected: { decision: 'DENY', reason: 'NO_HOME_MUNICIPALITY', municipalityCode: null } },
  { login: { label: 'no municipality', personId: ID.nowhere }, expected: { decision: 'DENY', reason: 'NO_HOME_MUNICIPALITY', municipalityCode: null } },
  { login: { label: 'resident of 698 (not joined)', personId: ID.notJoinedResident }, expected: { decision: 'DENY', reason: 'MUNICIPALITY_NOT_JOINED', municipalityCode: '698' } },
  { login: { label: 'absent from the register', personId: ID.absent }, expected: { decision: 'DENY', reason: 'PERSON_NOT_FOUND', municipalityCode: null } },
  { login: { label: 'other century sign', personId: ID.adultOtherSign }, expected: { decision: 'DENY', reason: 'PERSON_NOT_FOUND', municipalityCode: null } },
];

/** The i-th of n logins: the fixture's cases in turn. */
export const loginCase = (i: number) => LOGINS[i % LOGINS.length];
