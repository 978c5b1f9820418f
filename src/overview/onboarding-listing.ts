// Temporal visibility is the source of truth for each onboarding's phase: the typed search attributes
// the workflow keeps current. PostgreSQL keeps no copy of it that could drift.
import type { TypedSearchAttributes } from '@temporalio/common';
import { searchAttributes } from '../../workflows/onboarding/contract';
import type { OnboardingListing } from './model';
import { toOverviewPhase } from './phases';

/** The part of a listed workflow execution the overview reads. */
export interface ListedExecution {
  workflowId: string;
  startTime: Date;
  typedSearchAttributes: TypedSearchAttributes;
}

/**
 * One listing per consortium. Continue-as-new leaves earlier runs of the same workflow id in the
 * list: the most recently started run is the onboarding as it stands.
 */
export function latestOnboardings(executions: Iterable<ListedExecution>): OnboardingListing[] {
  const latest = new Map<string, ListedExecution>();
  for (const execution of executions) {
    const seen = latest.get(execution.workflowId);
    if (!seen || execution.startTime > seen.startTime) latest.set(execution.workflowId, execution);
  }
  return [...latest.values()].flatMap(({ typedSearchAttributes: attributes }) => {
    const consortiumId = attributes.get(searchAttributes.consortiumId);
    if (!consortiumId) return [];
    return [
      {
        consortiumId,
        phase: toOverviewPhase(attributes.get(searchAttributes.onboardingPhase)),
        round: attributes.get(searchAttributes.joiningRound) ?? null,
      },
    ];
  });
}
