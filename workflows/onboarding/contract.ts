// The contract of the consortium onboarding workflow, shared by the workflow, the worker and the API.
// Pure declarations only: this file is bundled into the workflow sandbox.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export const ONBOARDING_WORKFLOW_TYPE = 'consortiumOnboarding';

/** Workflow id of a consortium's onboarding: one per consortium, ever. */
export function onboardingWorkflowId(consortiumId: string): string {
  return `consortium-onboarding:${consortiumId}`;
}

export const ONBOARDING_PHASES = ['SURVEY', 'SIGNATURES', 'INTEGRATION', 'SCHEDULED', 'LIVE', 'WITHDRAWN'] as const;
export type OnboardingPhase = (typeof ONBOARDING_PHASES)[number];

/** A calendar date `YYYY-MM-DD`, read in Europe/Helsinki. */
export type IsoDate = string;

/** ennakkokysely: the pre-survey, answered before signing. */
export interface SurveyAnswer {
  intendsToJoin: boolean;
  desiredSchedule: string;
  contactEmail: string;
}

/** yhteistyösopimus: the cooperation agreement's signature. */
export interface Signature {
  signedOn: IsoDate;
  signatory: string;
}

/**
 * Who did an action: a staff member (subject and display name from their session or bearer token) or
 * a municipality's contact answering through its survey link. Optional everywhere: histories recorded
 * before attribution replay unchanged.
 */
export interface Actor {
  kind: 'staff' | 'municipality';
  subject: string;
  name: string;
}

export interface MemberState {
  code: string;
  surveyAnsweredAt: string | null;
  intendsToJoin: boolean | null;
  desiredSchedule: string | null;
  contactEmail: string | null;
  signedOn: IsoDate | null;
  signatory: string | null;
  surveyRecordedBy?: Actor | null;
  signatureRecordedBy?: Actor | null;
}

export interface IntegrationStepConfig {
  step: string;
  /** Verified by an activity rather than confirmed by staff. */
  automatic: boolean;
  description?: string;
}

export interface IntegrationStepState {
  step: string;
  automatic: boolean;
  status: 'PENDING' | 'DONE';
  completedAt: string | null;
  recordedBy?: Actor | null;
}

export interface JoiningRoundInfo {
  name: string;
  signingDeadline: IsoDate;
  goLiveDate: IsoDate;
}

export interface ReminderPolicy {
  /** Interval between reminders to members with a missing survey or signature, e.g. "7 days". */
  interval: string;
  /** One more reminder this long before the round's signing deadline, e.g. "3 days". */
  beforeDeadline: string;
}

/** Where the reminder cadence stands; carried over by continue-as-new like the rest of the state. */
export interface ReminderProgress {
  /** Reminders sent so far; the next one's sequence number (part of its outbox ids) is `sent + 1`. */
  sent: number;
  /** When the next interval reminder is due (ISO instant); null while nobody's answer is missing. */
  nextAt: string | null;
  lastSentAt: string | null;
  /** Rounds whose before-deadline reminder has gone out: each round gets one. */
  deadlineRemindersFor: string[];
}

export interface OnboardingState {
  consortiumId: string;
  consortiumName: string;
  phase: OnboardingPhase;
  members: MemberState[];
  integration: IntegrationStepState[];
  round: JoiningRoundInfo | null;
  goLiveDate: IsoDate | null;
  liveAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  withdrawnBy?: Actor | null;
  reminders: ReminderProgress;
}

export interface OnboardingInput {
  consortiumId: string;
  consortiumName: string;
  memberCodes: string[];
  integrationSteps: IntegrationStepConfig[];
  reminders: ReminderPolicy;
  /** Carried over by continue-as-new. */
  carriedState?: OnboardingState;
  /**
   * Continue-as-new once the history reaches this many events (besides whenever the server suggests
   * it). Tests set it low; it must exceed what one run needs to start (about 20 events).
   */
  continueAsNewAfterEvents?: number;
}

export interface RecordSurveyRequest {
  municipalityCode: string;
  answer: SurveyAnswer;
  actor?: Actor;
}
export interface RecordSignatureRequest {
  municipalityCode: string;
  signature: Signature;
  actor?: Actor;
}
export interface CompleteIntegrationStepRequest {
  step: string;
  actor?: Actor;
}
export interface WithdrawRequest {
  reason: string;
  actor?: Actor;
}
export interface ChangeMembershipRequest {
  add?: string[];
  remove?: string[];
  /**
   * A membership move: members of `add` arrive with the survey answer and signature another
   * onboarding recorded for them (or the removal puts a member back exactly as it was).
   */
  carried?: MemberState[];
  /** A membership move: members of `remove` as the move read them; refused if any changed since. */
  expected?: MemberState[];
  actor?: Actor;
}

/**
 * Failure types a validator or handler rejects with (ApplicationFailure.type), so that the API can
 * map a refusal to the right HTTP status without parsing messages.
 */
export const OnboardingRefusal = {
  /** The step is not possible in the current phase, or comes before its prerequisite. → 409 */
  OUT_OF_ORDER: 'OnboardingOutOfOrder',
  /** Not a member of this consortium, unknown integration step. → 404 */
  UNKNOWN: 'OnboardingUnknownTarget',
  /** Well-formed but invalid content (e.g. a signature dated in the future). → 422 */
  INVALID: 'OnboardingInvalid',
} as const;

export const getOnboardingState = defineQuery<OnboardingState>('getOnboardingState');
export const recordSurvey = defineUpdate<OnboardingState, [RecordSurveyRequest]>('recordSurvey');
export const recordSignature = defineUpdate<OnboardingState, [RecordSignatureRequest]>('recordSignature');
export const completeIntegrationStep = defineUpdate<OnboardingState, [CompleteIntegrationStepRequest]>(
  'completeIntegrationStep',
);
export const withdrawOnboarding = defineUpdate<OnboardingState, [WithdrawRequest]>('withdrawOnboarding');
export const changeMembership = defineUpdate<OnboardingState, [ChangeMembershipRequest]>('changeMembership');
/** Staff added or changed a joining round: the workflow re-reads the rounds. */
export const joiningRoundsChanged = defineSignal('joiningRoundsChanged');

/** Search attributes the onboarding keeps current, for operators' filters in the Temporal UI. */
export const searchAttributes = {
  consortiumId: defineSearchAttributeKey('ConsortiumId', SearchAttributeType.KEYWORD),
  onboardingPhase: defineSearchAttributeKey('OnboardingPhase', SearchAttributeType.KEYWORD),
  joiningRound: defineSearchAttributeKey('JoiningRound', SearchAttributeType.KEYWORD),
  signedCount: defineSearchAttributeKey('SignedCount', SearchAttributeType.INT),
  memberCount: defineSearchAttributeKey('MemberCount', SearchAttributeType.INT),
} as const;
