// A guardian's dependents (huollettavat) as E-kirjasto's apps show them: the wards under 18 the
// register lists for the signed-in guardian, each with its decision under the same rules and messages.
// One workflow, one local activity: one guardian query, then one query per ward; nothing is stored
// but the audit of those queries.
import { proxyLocalActivities, TemporalFailure } from '@temporalio/workflow';
import { TWO_ROUND_ATTEMPT_MS } from './attempts';
import { NON_RETRYABLE_REGISTER_FAILURES, type EligibilityDecision, type EligibilityOptions, type LocalizedMessage } from './contract';
import { unavailableDecision } from './rules';

export const DEPENDENTS_WORKFLOW_TYPE = 'guardianDependents';

export function dependentsWorkflowId(lookupId: string): string {
  return `guardian-dependents:${lookupId}`;
}

export interface DependentsRequest {
  /** Unique per lookup; the workflow id and the audit rows' check id derive from it. */
  lookupId: string;
  /** henkilötunnus of the signed-in guardian. */
  guardianId: string;
  /** Loppukayttaja of the register queries (never an identity code). */
  endUser?: string;
}

export interface DependentsInput {
  request: DependentsRequest;
  options: EligibilityOptions;
  budgetMs: number;
}

export interface Dependent extends EligibilityDecision {
  /** henkilötunnus of the ward, as the register lists it. */
  personId: string;
  age: number;
}

export interface DependentsResult {
  lookupId: string;
  checkedAt: string;
  /** OK: the list is complete. UNAVAILABLE: the register could not answer in time; try again later. */
  status: 'OK' | 'UNAVAILABLE';
  dependents: Dependent[];
  /** Set with UNAVAILABLE: the same "try again later" text a check gives. */
  message?: LocalizedMessage;
}

export interface DependentsActivities {
  decideDependents(request: DependentsRequest, options: EligibilityOptions, deadlineMs: number): Promise<DependentsResult>;
}

export async function guardianDependents(input: DependentsInput): Promise<DependentsResult> {
  const { request, options, budgetMs } = input;
  const lookup = proxyLocalActivities<DependentsActivities>({
    scheduleToCloseTimeout: budgetMs,
    startToCloseTimeout: Math.min(budgetMs, TWO_ROUND_ATTEMPT_MS),
    retry: { initialInterval: '50 ms', backoffCoefficient: 2, maximumInterval: '400 ms', nonRetryableErrorTypes: NON_RETRYABLE_REGISTER_FAILURES },
  });
  try {
    return await lookup.decideDependents(request, options, Date.now() + budgetMs);
  } catch (err) {
    // Out of budget, or an answer we cannot use: "try again later", never an empty list as if final.
    if (!(err instanceof TemporalFailure)) throw err;
  }
  return {
    lookupId: request.lookupId,
    checkedAt: new Date(Date.now()).toISOString(),
    status: 'UNAVAILABLE',
    dependents: [],
    message: unavailableDecision().message,
  };
}
