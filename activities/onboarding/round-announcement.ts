// Tells every running onboarding that the joining rounds changed. Idempotent: a signal only makes an
// onboarding re-read the rounds, so telling one twice (a retried activity) does no harm.
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { joiningRoundsChanged, ONBOARDING_WORKFLOW_TYPE } from '../../workflows/onboarding/contract';
import type { RoundAnnouncementActivities } from '../../workflows/onboarding/announcement';

export function createRoundAnnouncementActivities(client: Client): RoundAnnouncementActivities {
  return {
    async announceJoiningRoundsChanged() {
      let told = 0;
      const running = client.workflow.list({ query: `WorkflowType = "${ONBOARDING_WORKFLOW_TYPE}" AND ExecutionStatus = "Running"` });
      for await (const workflow of running) {
        try {
          await client.workflow.getHandle(workflow.workflowId).signal(joiningRoundsChanged);
          told++;
        } catch (err) {
          // Finished between the listing and the signal: nothing to tell it.
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
      return told;
    },
  };
}
