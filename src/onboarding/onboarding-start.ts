import type { WorkflowStartOptions } from '@temporalio/client';
import type { AppConfig } from '../config/config';
import type { consortiumOnboarding } from '../../workflows/onboarding/workflow';
import { OnboardingInput, onboardingWorkflowId, searchAttributes } from '../../workflows/onboarding/contract';

/**
 * How an onboarding is started, wherever it is started from: one workflow id per consortium (a second
 * start, running or finished, is refused and the caller reads the existing one; only a withdrawn one is
 * started again, by OnboardingClient with ALLOW_DUPLICATE), the display name in the memo,
 * and the search attributes operators filter by from the first moment.
 */
export function onboardingStartOptions(input: OnboardingInput, taskQueue: string): WorkflowStartOptions<typeof consortiumOnboarding> {
  return {
    workflowId: onboardingWorkflowId(input.consortiumId),
    taskQueue,
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    memo: { consortiumName: input.consortiumName },
    typedSearchAttributes: [
      { key: searchAttributes.consortiumId, value: input.consortiumId },
      { key: searchAttributes.onboardingPhase, value: 'SURVEY' },
      { key: searchAttributes.memberCount, value: input.memberCodes.length },
      { key: searchAttributes.signedCount, value: 0 },
    ],
  };
}

/** A consortium's onboarding input: its members now, and the checklist and reminder cadence configured. */
export function onboardingInputFor(
  consortium: { id: string; name: string; municipalityCodes: string[] },
  config: Pick<AppConfig, 'INTEGRATION_STEPS' | 'REMINDER_INTERVAL' | 'REMINDER_BEFORE_DEADLINE'>,
): OnboardingInput {
  return {
    consortiumId: consortium.id,
    consortiumName: consortium.name,
    memberCodes: consortium.municipalityCodes,
    integrationSteps: config.INTEGRATION_STEPS,
    reminders: { interval: config.REMINDER_INTERVAL, beforeDeadline: config.REMINDER_BEFORE_DEADLINE },
  };
}
