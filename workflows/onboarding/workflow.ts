// Walking-skeleton version: records the members and waits in SURVEY. The full lifecycle replaces it.
import { condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { getOnboardingState, OnboardingInput, OnboardingState, searchAttributes } from './contract';

export async function consortiumOnboarding(input: OnboardingInput): Promise<OnboardingState> {
  const state: OnboardingState = input.carriedState ?? {
    consortiumId: input.consortiumId,
    consortiumName: input.consortiumName,
    phase: 'SURVEY',
    members: input.memberCodes.map((code) => ({
      code,
      surveyAnsweredAt: null,
      intendsToJoin: null,
      desiredSchedule: null,
      contactEmail: null,
      signedOn: null,
      signatory: null,
    })),
    integration: input.integrationSteps.map(({ step, automatic }) => ({ step, automatic, status: 'PENDING', completedAt: null })),
    round: null,
    goLiveDate: null,
    liveAt: null,
    withdrawnAt: null,
    withdrawalReason: null,
  };
  setHandler(getOnboardingState, () => state);
  upsertSearchAttributes([
    { key: searchAttributes.onboardingPhase, value: state.phase },
    { key: searchAttributes.memberCount, value: state.members.length },
    { key: searchAttributes.signedCount, value: 0 },
  ]);
  await condition(() => state.phase !== 'SURVEY');
  return state;
}
