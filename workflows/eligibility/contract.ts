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
  /** The calling client (its token's subject), kept in the audit record. */
  caller?: string;
  /** Loppukayttaja of the register queries: the caller on whose behalf they are made (never an identity code). */
  endUser?: string;
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
  /** The register withheld the person's data (return code 0019): a missing municipality means nothing. */
  withheld?: boolean;
}

export interface GuardianFacts extends PersonFacts {
  /** The register lists this person as the subject's guardian. */
  listedAsGuardian: boolean;
}

export interface EligibilityFacts {
  /** The person who will use the service (`personId`); null when a guardian acts and the register did
   * not list the child as their minor ward: then the child is never asked about. */
  subject: PersonFacts | null;
  /** The acting guardian, present only when `guardianId` was given. */
  guardian?: GuardianFacts;
  /** Whether the subject's home municipality is live in E-kirjasto; null when it was not asked. */
  municipalityLive: boolean | null;
}

export interface EligibilityOptions {
  /** The National Library's permit to process the data of persons with a non-disclosure marking.
   * A switch in configuration: off until the permit exists. */
  nonDisclosurePermit: boolean;
  /** Individual numbers 900-999 are temporary codes no real person has: without this they are not
   * asked about (DVV's test environment's persons have them). */
  allowTemporaryCodes?: boolean;
}

/** Input of one check's workflow: the request and the settings it is decided under. */
export interface EligibilityCheckInput {
  request: EligibilityRequest;
  options: EligibilityOptions;
  /** Overall time the register may take, retries included, before the answer is "try again later". */
  budgetMs: number;
}

/** The workflow's result: the decision, with when it was taken. */
export interface EligibilityCheckResult extends EligibilityDecision {
  checkId: string;
  checkedAt: string;
}

/** One audit record (DVV's terms: every register query is logged). No identity codes: the activity hashes them. */
export interface EligibilityAuditEntry {
  checkId: string;
  checkedAt: string;
  personId: string;
  guardianId?: string;
  decision: EligibilityOutcome;
  reason: EligibilityReason;
  municipalityCode: string | null;
  /** The calling client (its token's subject). */
  caller?: string;
}

/** The audit record of a decided check. */
export function auditEntryFor(request: EligibilityRequest, decision: EligibilityDecision, checkedAt: string): EligibilityAuditEntry {
  return {
    checkId: request.checkId,
    checkedAt,
    personId: request.personId,
    guardianId: request.guardianId,
    decision: decision.decision,
    reason: decision.reason,
    municipalityCode: decision.municipalityCode,
    ...(request.caller !== undefined && { caller: request.caller }),
  };
}

/** The activities of a check, implemented in activities/eligibility. */
export interface EligibilityActivities {
  /** Fails with `BUDGET_EXHAUSTED` (not retried) once `deadlineMs` (epoch ms) has passed. */
  gatherEligibilityFacts(request: EligibilityRequest, options: EligibilityOptions, deadlineMs: number): Promise<EligibilityFacts>;
  recordEligibilityAudit(entry: EligibilityAuditEntry): Promise<void>;
  /**
   * The whole check in one local activity: gather the facts, decide by the rules, keep the audit
   * record. One workflow-task round instead of two, and the facts never enter the history: only the
   * decision does. Fails like `gatherEligibilityFacts`.
   */
  decideAndRecordEligibility(
    request: EligibilityRequest,
    options: EligibilityOptions,
    deadlineMs: number,
  ): Promise<EligibilityCheckResult>;
}

/** The check's time budget is spent: the answer is "try again later". */
export const BUDGET_EXHAUSTED = 'EligibilityBudgetExhausted';

/**
 * Failures not worth retrying: a permanent answer of the register (asking again gives the same), or
 * a spent budget. The budget is enforced by the activity itself because the SDK's local-activity
 * retries do not stop at scheduleToCloseTimeout (seen with SDK 1.24: retries went on past it).
 */
export const NON_RETRYABLE_REGISTER_FAILURES = ['RegisterAnswerError', 'RegisterConfigurationError', BUDGET_EXHAUSTED];
