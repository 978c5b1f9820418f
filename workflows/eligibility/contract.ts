// The contract of the per-login eligibility check, shared by the workflow, the worker and the API.
// Pure declarations only: this file is bundled into the workflow sandbox.
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * Checks are answered by a few long-lived shard workflows, each check an update (issue #15): a
 * workflow of its own per check cost the Temporal server about four times the work of an update
 * (start, first task, completion, the result's long poll). A check id always goes to the same
 * shard, so a repeated request meets its first. Thirty-two: the server admits at most 10 updates in
 * flight per workflow (beyond that it answers ResourceExhausted and the client backs off a whole
 * second, half a check's budget), so 128 logins at once average 4 per shard; fewer shards answer
 * more checks per workflow task (measured: 16 shards 1.7 times the checks per second of 64 at
 * 64 logins at once), but a busy shard hit the limit. A constant, not a setting: two API processes
 * with different counts would send one check id to two shards.
 */
export const ELIGIBILITY_SHARDS = 32;

/** Checks a shard takes at a time (the limit, #15, and the server's default limit of updates
 * in flight per workflow): the shard makes the rest wait, and each API process sends no more. */
export const MAX_CHECKS_IN_FLIGHT_PER_SHARD = 10;

export const ELIGIBILITY_SHARD_WORKFLOW_TYPE = 'eligibilityShard';

/** Workflow id of shard `shard` (0 ≤ shard < ELIGIBILITY_SHARDS). */
export function eligibilityShardWorkflowId(shard: number): string {
  return `login-eligibility-shard:${shard}`;
}

/** The shard that answers check `checkId` (FNV-1a of the id: stable across processes and releases). */
export function eligibilityShardOf(checkId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < checkId.length; i++) {
    hash ^= checkId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % ELIGIBILITY_SHARDS;
}

/**
 * The update id of a check: operators find a check under it in its shard's history. The request's
 * hash is part of it because the server answers a repeated update id with the first one's outcome
 * without looking at its arguments: the same check id with another request must reach the workflow.
 */
export function eligibilityCheckUpdateId(checkId: string, requestHash: string): string {
  return `check:${checkId}:${requestHash.slice(0, 16)}`;
}

/**
 * How long a shard's checks wait when the worker holding the shard died, before another worker takes
 * it over: its workflow task timeout and the eligibility worker's sticky-queue timeout. Longer than a
 * check's budget (its callers hear "try again later" meanwhile), short enough to recover in seconds.
 */
export const SHARD_TAKEOVER_AFTER = '3 seconds';

/** The validator's refusal of an input that is not an eligibility check's (only a client other than
 * the API could send one). */
export const MALFORMED_CHECK = 'MalformedEligibilityCheck';

/** The validator's refusal while a shard waits for its checks to finish before continuing as new. */
export const SHARD_ROTATING = 'EligibilityShardRotating';

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
  /** Unique per login; the update id derives from it. */
  checkId: string;
  /** Keyed hash of the caller and the request body: an idempotency key's check id used for another
   * request is refused. Absent for a check no caller can repeat. */
  requestHash?: string;
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

/** Input of one check: the request and the settings it is decided under. */
export interface EligibilityCheckInput {
  request: EligibilityRequest;
  options: EligibilityOptions;
  /** Overall time the register may take, retries included, before the answer is "try again later". */
  budgetMs: number;
  /** Made by the caller for each request it sends: the answer carries it back, so that the caller
   * can tell its own answer from the earlier one the server keeps under the same update id. */
  attempt: string;
}

/** The check's result: the decision, with when it was taken. */
export interface EligibilityCheckResult extends EligibilityDecision {
  checkId: string;
  checkedAt: string;
}

/**
 * What a check answers: its decision (`repeated` when it is the decision of an earlier request under
 * the same check id, read from the audit), or that the check id belongs to another request.
 */
export type EligibilityAnswer =
  | { kind: 'decided'; result: EligibilityCheckResult; repeated: boolean }
  | { kind: 'key-reused' };

/** The update a shard answers: the answer, with the `attempt` of the request that ran the check. */
export type EligibilityCheckOutcome = EligibilityAnswer & { attempt: string };

export const eligibilityCheck = defineUpdate<EligibilityCheckOutcome, [EligibilityCheckInput]>('eligibilityCheck');

/** What a shard is doing, for operators (a query in the Temporal UI) and for an orderly shutdown. */
export interface EligibilityShardState {
  /** Checks asking the register or writing their audit now (at most 10). */
  checksInFlight: number;
  /** Checks taken but waiting for one of those slots. */
  checksWaiting: number;
  /** Checks this run has answered. */
  checksAnswered: number;
  /** The run refuses new checks until those in hand are answered, then continues as new. */
  rotating: boolean;
}

export const eligibilityShardState = defineQuery<EligibilityShardState>('eligibilityShardState');

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
  requestHash?: string;
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
    ...(request.requestHash !== undefined && { requestHash: request.requestHash }),
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
   * decision does. A check id the audit already holds is not asked about again: its decision is the
   * answer (`repeated`), or `key-reused` when it was another request's. Fails like
   * `gatherEligibilityFacts`.
   */
  decideAndRecordEligibility(request: EligibilityRequest, options: EligibilityOptions, deadlineMs: number): Promise<EligibilityAnswer>;
}

/** The check's time budget is spent: the answer is "try again later". */
export const BUDGET_EXHAUSTED = 'EligibilityBudgetExhausted';

/**
 * Failures not worth retrying: a permanent answer of the register (asking again gives the same), or
 * a spent budget. The budget is enforced by the activity itself because the SDK's local-activity
 * retries do not stop at scheduleToCloseTimeout (seen with SDK 1.24: retries went on past it).
 */
export const NON_RETRYABLE_REGISTER_FAILURES = ['RegisterAnswerError', 'RegisterConfigurationError', BUDGET_EXHAUSTED];
