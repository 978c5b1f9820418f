// The onboarding's activities as the workflow sees them (types only: the implementations live in
// activities/onboarding/, outside the sandbox).
import type { IsoDate, JoiningRoundInfo } from './contract';

export interface ReminderRecipient {
  municipalityCode: string;
  /** From the member's survey answer; null before it answered. */
  contactEmail: string | null;
  missing: 'SURVEY' | 'SIGNATURE';
  /** The member answered that it does not intend to join: the whole consortium waits for it. */
  declinedToJoin: boolean;
}

export interface ReminderRequest {
  /** With `sequence` and the municipality code, the outbox id: a retried activity never sends twice. */
  workflowId: string;
  sequence: number;
  consortiumId: string;
  consortiumName: string;
  kind: 'INTERVAL' | 'BEFORE_DEADLINE';
  /** The workflow's clock when the reminder fell due. */
  remindedAt: string;
  /** The next signing deadline, when a round has one ahead. */
  deadline: { roundName: string; signingDeadline: IsoDate } | null;
  recipients: ReminderRecipient[];
}

export interface ReminderOutcome {
  /** Outbox ids of the messages delivered by this call or an earlier attempt. */
  delivered: string[];
  /** Members with no contact address and no staff address configured to fall back on. */
  skipped: string[];
}

export interface MarkJoinedRequest {
  consortiumId: string;
  municipalityCodes: string[];
  joinedOn: IsoDate;
}

export interface MarkJoinedOutcome {
  /** Marked joined by this call; the others were joined already (or are unknown to the database). */
  newlyJoined: string[];
}

export interface LibrarySystemCheck {
  url: string;
  status: number;
}

export interface OnboardingActivities {
  listJoiningRounds(): Promise<JoiningRoundInfo[]>;
  markConsortiumJoined(request: MarkJoinedRequest): Promise<MarkJoinedOutcome>;
  sendReminder(request: ReminderRequest): Promise<ReminderOutcome>;
  /** Resolves once the consortium's library system answers 2xx; throws (retryably) otherwise. */
  verifyLibrarySystem(consortiumId: string): Promise<LibrarySystemCheck>;
}
