// The contract of a membership move (a municipality from one consortium to another), shared by the
// move workflow, its activities and the API. Pure declarations only: bundled into the sandbox.
import type { ChangeMembershipRequest, MemberState, OnboardingState } from './contract';

export const MEMBERSHIP_MOVE_WORKFLOW_TYPE = 'membershipMove';

/** One workflow per move id: a repeated request with the same id is the same move. */
export function membershipMoveWorkflowId(moveId: string): string {
  return `membership-move:${moveId}`;
}

export interface MembershipMoveInput {
  moveId: string;
  municipalityCode: string;
  targetConsortiumId: string;
}

export interface MembershipMoveOutcome {
  municipalityCode: string;
  from: string;
  to: string;
  /** False when the municipality was already in the target consortium: nothing changed. */
  moved: boolean;
  /** The survey answer and signature that moved with the municipality; null when it had none. */
  carried: MemberState | null;
  /** The onboardings after the move; null where none runs. */
  source: OnboardingState | null;
  target: OnboardingState | null;
}

/** A consortium's onboarding as a move sees it: not started, running, or closed (LIVE, WITHDRAWN). */
export interface OnboardingSnapshot {
  status: 'NONE' | 'RUNNING' | 'CLOSED';
  state: OnboardingState | null;
}

export interface MembershipChangeCommand {
  consortiumId: string;
  /** Temporal deduplicates updates by id: a retried activity applies the change once. */
  updateId: string;
  request: ChangeMembershipRequest;
}

export interface MunicipalityMembership {
  consortiumId: string;
  joined: boolean;
}

export interface ConsortiumAssignment {
  municipalityCode: string;
  from: string;
  to: string;
}

export interface MembershipActivities {
  /** The municipality's consortium in the database; fails (non-retryably) for an unknown code. */
  municipalityMembership(code: string): Promise<MunicipalityMembership>;
  /** describe + query; a Temporal failure is thrown (and retried), never read as "no onboarding". */
  onboardingSnapshot(consortiumId: string): Promise<OnboardingSnapshot>;
  /** The onboarding's changeMembership update; its refusal fails the activity non-retryably. */
  changeOnboardingMembership(command: MembershipChangeCommand): Promise<OnboardingState>;
  /** Sets the consortium if it is still `from` (or already `to`) and the municipality is not joined. */
  assignConsortium(assignment: ConsortiumAssignment): Promise<void>;
}
