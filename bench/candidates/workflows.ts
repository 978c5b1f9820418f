// Workflows of bench/candidates/host.ts, bench-only: the eligibility task queue's workflows as the
// production worker bundles them, plus the design they replaced, one workflow per check.
import type { EligibilityAnswer, EligibilityCheckInput } from '../../workflows/eligibility/contract';
import { runEligibilityCheck } from '../../workflows/eligibility/check';

export * from '../../workflows/eligibility';

/** The check as the old production `loginEligibility` ran it: a workflow of its own, the same work
 * (`runEligibilityCheck`: one local activity, "try again later" on an exhausted budget), its budget
 * running from the workflow's start. */
export async function perCheckEligibility(input: EligibilityCheckInput): Promise<EligibilityAnswer> {
  return runEligibilityCheck(input, Date.now() + input.budgetMs);
}
