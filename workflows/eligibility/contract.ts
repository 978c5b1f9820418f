// The contract of the per-login eligibility check, shared by the workflow, the worker and the API.
// Pure declarations only: this file is bundled into the workflow sandbox.

export const ELIGIBILITY_WORKFLOW_TYPE = 'loginEligibility';

/** Workflow id of one login's eligibility check. */
export function eligibilityWorkflowId(checkId: string): string {
  return `login-eligibility:${checkId}`;
}

export const ELIGIBILITY_DECISIONS = ['ALLOW', 'DENY', 'UNAVAILABLE'] as const;
export type EligibilityOutcome = (typeof ELIGIBILITY_DECISIONS)[number];

/** Why the decision was taken. `REGISTER_UNAVAILABLE` goes only with `UNAVAILABLE` ("try again later"). */
export const ELIGIBILITY_REASONS = [
  'ELIGIBLE',
  'PERSON_NOT_FOUND',
  'DECEASED',
  'NOT_GUARDIAN',
  'NON_DISCLOSURE',
  'NO_HOME_MUNICIPALITY',
  'MUNICIPALITY_NOT_JOINED',
  'GUARDIAN_REQUIRED',
  'REGISTER_UNAVAILABLE',
] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASONS)[number];

export interface LocalizedMessage {
  fi: string;
  sv: string;
  en: string;
}

export interface EligibilityRequest {
  /** Unique per login; the workflow id derives from it. */
  checkId: string;
  /** Identity code of the person who will use the service: the user, or the child a guardian acts for. */
  personId: string;
  /** Identity code of the guardian (huoltaja) who signed in and acts for the child `personId`. */
  guardianId?: string;
  /** ISO 8601 instant of the login. */
  requestedAt: string;
}

export interface EligibilityDecision {
  decision: EligibilityOutcome;
  reason: EligibilityReason;
  /** The subject's home municipality (kotikunta) when it was legitimately read and is in Finland, else null. */
  municipalityCode: string | null;
  message: LocalizedMessage;
}

/** What the population register says about one person, already minimised: no identity codes. */
export interface PersonFacts {
  found: boolean;
  deceased: boolean;
  /** turvakielto: non-disclosure marking in force. */
  nonDisclosure: boolean;
  /** Null when there is none, and when it must not be read (non-disclosure without a permit). */
  homeMunicipalityCode: string | null;
}

export interface GuardianFacts extends PersonFacts {
  /** The register lists this person as the subject's guardian. */
  listedAsGuardian: boolean;
}

export interface EligibilityFacts {
  /** The person who will use the service (`personId`). */
  subject: PersonFacts;
  /** The acting guardian, present only when `guardianId` was given. */
  guardian?: GuardianFacts;
  /** Whether the subject's home municipality is live in E-kirjasto; null when it was not asked. */
  municipalityLive: boolean | null;
}

export interface EligibilityOptions {
  /** The National Library's permit to process the data of persons with a non-disclosure marking.
   * A switch in configuration: off until the permit exists. */
  nonDisclosurePermit: boolean;
}
