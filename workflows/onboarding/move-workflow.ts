// A membership move as a saga: the target onboarding takes the municipality (with its answers), the
// database follows, the source onboarding lets it go; a refusal at any step undoes the earlier ones in
// reverse. The source is touched last, so that an undo never has to put a member back into it.
import { ActivityFailure, ApplicationFailure, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { MemberState, OnboardingRefusal, OnboardingState } from './contract';
import type { MembershipActivities, MembershipMoveInput, MembershipMoveOutcome, OnboardingSnapshot } from './move-contract';

// Temporal or the database briefly away (a worker restart, a failover) delays a move, never decides
// it; the API waits a bounded time and the same request later returns the outcome.
const activities = proxyActivities<MembershipActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

function refuse(message: string, type: string = OnboardingRefusal.OUT_OF_ORDER): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Refusals the onboardings or the database gave: the move fails with their type and reason. */
function refusalOf(err: unknown): ApplicationFailure | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  return cause instanceof ApplicationFailure && cause.nonRetryable ? cause : undefined;
}

const hasAnswers = (m: MemberState): boolean => m.surveyAnsweredAt !== null || m.signedOn !== null;

function refuseTarget(to: string, target: OnboardingSnapshot, code: string): void {
  const phase = target.state?.phase;
  if (phase === 'LIVE') {
    refuse(
      `Consortium ${to} is already live: a municipality moved into it now would not be joined to E-kirjasto. ` +
        `Municipality ${code} can join in a consortium whose onboarding is still under way.`,
    );
  }
  if (phase === 'WITHDRAWN') {
    refuse(`The onboarding of consortium ${to} was withdrawn; start it again before moving municipalities into it.`);
  }
  if (phase === 'SCHEDULED') {
    refuse(`Consortium ${to} is scheduled to go live${target.state?.goLiveDate ? ` on ${target.state.goLiveDate}` : ''}; its membership can no longer change.`);
  }
  if (target.state?.members.some((m) => m.code === code)) {
    refuse(`The onboarding of consortium ${to} already lists municipality ${code}; the database and the onboarding disagree, ask an operator.`);
  }
}

export async function membershipMove(input: MembershipMoveInput): Promise<MembershipMoveOutcome> {
  const { municipalityCode: code, targetConsortiumId: to } = input;
  const stepId = (step: string) => `${workflowInfo().workflowId}:${step}`;
  const membership = await activities.municipalityMembership(code);
  const from = membership.consortiumId;
  if (from === to) {
    return { municipalityCode: code, from, to, moved: false, carried: null, source: null, target: (await activities.onboardingSnapshot(to)).state };
  }
  if (membership.joined) refuse(`Municipality ${code} is already live in E-kirjasto through consortium ${from}; it cannot change consortium.`);

  const source = await activities.onboardingSnapshot(from);
  const target = await activities.onboardingSnapshot(to);
  refuseTarget(to, target, code);
  // Only a running onboarding holds answers that can still move (a withdrawn one keeps its record).
  const member = source.status === 'RUNNING' ? (source.state?.members.find((m) => m.code === code) ?? null) : null;
  if (source.status === 'RUNNING' && member && source.state!.members.length === 1) {
    refuse(`Municipality ${code} is the last member of consortium ${from}; withdraw that onboarding instead of emptying it.`, OnboardingRefusal.INVALID);
  }
  if (source.status === 'RUNNING' && source.state?.phase === 'SCHEDULED') {
    refuse(`Consortium ${from} is scheduled to go live; its membership can no longer change.`);
  }
  const carried = member && hasAnswers(member) ? member : null;
  if (carried && target.status !== 'RUNNING') {
    refuse(
      `Municipality ${code} has answered the pre-survey${carried.signedOn ? ' and signed' : ''} in consortium ${from}'s onboarding, ` +
        `and consortium ${to} has no onboarding running to take those answers: start it first (POST /consortia/${to}/onboarding).`,
    );
  }

  const undo: (() => Promise<unknown>)[] = [];
  let targetState: OnboardingState | null = target.state;
  let sourceState: OnboardingState | null = source.state;
  try {
    if (target.status === 'RUNNING') {
      targetState = await activities.changeOnboardingMembership({
        consortiumId: to,
        updateId: stepId('add'),
        request: { add: [code], ...(carried ? { carried: [carried] } : {}) },
      });
      undo.push(() => activities.changeOnboardingMembership({ consortiumId: to, updateId: stepId('undo-add'), request: { remove: [code] } }));
    }
    await activities.assignConsortium({ municipalityCode: code, from, to });
    undo.push(() => activities.assignConsortium({ municipalityCode: code, from: to, to: from }));
    if (member) {
      sourceState = await activities.changeOnboardingMembership({
        consortiumId: from,
        updateId: stepId('remove'),
        request: { remove: [code], expected: [member] },
      });
    }
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    log.info('Membership move refused; undoing its earlier steps', { municipalityCode: code, from, to, reason: refusal.message });
    for (const step of undo.reverse()) await step();
    throw ApplicationFailure.create({ type: refusal.type ?? OnboardingRefusal.OUT_OF_ORDER, message: refusal.message, nonRetryable: true });
  }
  return { municipalityCode: code, from, to, moved: true, carried, source: sourceState, target: targetState };
}
