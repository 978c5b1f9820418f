// Workflows of the ceiling-raising candidates (issue #15 item 2), bench-only: the production workflows
// plus one long-lived shard that answers checks as updates.
import { allHandlersFinished, condition, continueAsNew, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EligibilityCheckInput, EligibilityCheckResult } from '../../workflows/eligibility/contract';
import { loginEligibility } from '../../workflows/eligibility/workflow';

export * from '../../workflows';

export const checkUpdate = defineUpdate<EligibilityCheckResult, [EligibilityCheckInput]>('check');

/** At most this many checks in flight per shard (the limit); the rest wait in the workflow. */
const MAX_IN_FLIGHT = 10;

/**
 * A shard: lives across many checks, each an update-with-start answered by exactly the production
 * check (`loginEligibility`'s code: one local activity with the register query, the rules and the
 * audit, "try again later" on an exhausted budget). Continues as new when the server suggests it,
 * once no update is in flight.
 */
export async function eligibilityShard(): Promise<void> {
  let inFlight = 0;
  setHandler(checkUpdate, async (input) => {
    await condition(() => inFlight < MAX_IN_FLIGHT);
    inFlight++;
    try {
      return await loginEligibility(input);
    } finally {
      inFlight--;
    }
  });
  await condition(() => workflowInfo().continueAsNewSuggested && inFlight === 0);
  await condition(allHandlersFinished);
  await continueAsNew<typeof eligibilityShard>();
}
