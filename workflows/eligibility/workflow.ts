// One login's eligibility check: ask the register (with retries, inside a time budget), decide by the
// rules, keep an audit record. Local activities: a check is short, and each round trip to the server
// would cost the login ~10 ms more.
import { proxyLocalActivities, TemporalFailure } from '@temporalio/workflow';
import {
  EligibilityActivities,
  EligibilityCheckInput,
  EligibilityCheckResult,
  EligibilityDecision,
  EligibilityFacts,
  NON_RETRYABLE_REGISTER_FAILURES,
} from './contract';
import { helsinkiDate } from './identity-code';
import { decideEligibility, unavailableDecision } from './rules';

const audit = proxyLocalActivities<EligibilityActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '50 ms', maximumInterval: '2 seconds' },
});

export async function loginEligibility(input: EligibilityCheckInput): Promise<EligibilityCheckResult> {
  const { request, options, budgetMs } = input;
  const register = proxyLocalActivities<EligibilityActivities>({
    scheduleToCloseTimeout: budgetMs,
    startToCloseTimeout: Math.min(budgetMs, 1000),
    retry: {
      initialInterval: '50 ms',
      backoffCoefficient: 2,
      maximumInterval: '400 ms',
      nonRetryableErrorTypes: NON_RETRYABLE_REGISTER_FAILURES,
    },
  });

  let decision: EligibilityDecision;
  try {
    const facts: EligibilityFacts = await register.gatherEligibilityFacts(request, options, Date.now() + budgetMs);
    decision = decideEligibility(request, facts, helsinkiDate(Date.now()), options);
  } catch (err) {
    // Out of budget, or an answer we cannot use: "try again later", never a refusal. (A local
    // activity's non-retryable failure arrives unwrapped, not as an ActivityFailure.)
    if (!(err instanceof TemporalFailure)) throw err;
    decision = unavailableDecision();
  }
  const checkedAt = new Date(Date.now()).toISOString();
  await audit.recordEligibilityAudit({
    checkId: request.checkId,
    checkedAt,
    personId: request.personId,
    guardianId: request.guardianId,
    decision: decision.decision,
    reason: decision.reason,
    municipalityCode: decision.municipalityCode,
  });
  return { ...decision, checkId: request.checkId, checkedAt };
}
