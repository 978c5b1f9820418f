// Announcing a new joining round to every running onboarding, as a workflow of its own: started by the
// API under the round's id (so a repeated request starts nothing new, and a request whose first try
// failed after the insert still announces), then retried by Temporal until every onboarding is told.
import { proxyActivities } from '@temporalio/workflow';

export const ROUND_ANNOUNCEMENT_WORKFLOW_TYPE = 'joiningRoundAnnouncement';

export function roundAnnouncementWorkflowId(roundId: string): string {
  return `joining-round-announcement:${roundId}`;
}

export interface RoundAnnouncementActivities {
  /** Signals `joiningRoundsChanged` to every running onboarding; returns how many were told. */
  announceJoiningRoundsChanged(): Promise<number>;
}

const { announceJoiningRoundsChanged } = proxyActivities<RoundAnnouncementActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function joiningRoundAnnouncement(): Promise<number> {
  return announceJoiningRoundsChanged();
}
