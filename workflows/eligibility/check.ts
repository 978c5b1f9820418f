// One login's eligibility check inside its shard: ask the register (with retries, inside a time
// budget), decide by the rules, keep an audit record, all in one local activity: a check is short,
// each round trip to the server would cost the login ~10 ms more, and the register's facts never
// enter the history.
import { proxyLocalActivities, TemporalFailure } from '@temporalio/workflow';
import { auditEntryFor, EligibilityActivities, EligibilityAnswer, EligibilityCheckInput, NON_RETRYABLE_REGISTER_FAILURES } from './contract';
import { AUDIT_ATTEMPT_MS, ONE_ROUND_ATTEMPT_MS, TWO_ROUND_ATTEMPT_MS } from './attempts';
import { unavailableDecision } from './rules';

const audit = proxyLocalActivities<EligibilityActivities>({
  startToCloseTimeout: AUDIT_ATTEMPT_MS,
  // A check no one waits for any more must not hold its shard's slot through a database outage: after
  // this, the update fails (visible in the shard's history) and the slot is free.
  scheduleToCloseTimeout: '1 minute',
  retry: { initialInterval: '50 ms', maximumInterval: '2 seconds' },
});

/** The check's answer; `deadlineMs` (epoch ms, workflow time) ends its budget. */
export async function runEligibilityCheck(input: EligibilityCheckInput, deadlineMs: number): Promise<EligibilityAnswer> {
  const { request, options } = input;
  const budgetMs = Math.max(1, deadlineMs - Date.now());
  const check = proxyLocalActivities<EligibilityActivities>({
    scheduleToCloseTimeout: budgetMs,
    // A guardian's check asks twice in a row (the guardian, then the ward): each attempt may take two.
    startToCloseTimeout: Math.min(budgetMs, request.guardianId === undefined ? ONE_ROUND_ATTEMPT_MS : TWO_ROUND_ATTEMPT_MS),
    retry: {
      initialInterval: '50 ms',
      backoffCoefficient: 2,
      maximumInterval: '400 ms',
      nonRetryableErrorTypes: NON_RETRYABLE_REGISTER_FAILURES,
    },
  });
  try {
    return await check.decideAndRecordEligibility(request, options, deadlineMs);
  } catch (err) {
    // Out of budget, or an answer we cannot use: "try again later", never a refusal. (A local
    // activity's non-retryable failure arrives unwrapped, not as an ActivityFailure.)
    if (!(err instanceof TemporalFailure)) throw err;
  }
  const decision = unavailableDecision();
  const checkedAt = new Date(Date.now()).toISOString();
  await audit.recordEligibilityAudit(auditEntryFor(request, decision, checkedAt));
  return { kind: 'decided', result: { ...decision, checkId: request.checkId, checkedAt }, repeated: false };
}
