// A shard of the eligibility checks: a long-lived workflow that answers each check as an update
// (`eligibilityCheck`), at most MAX_CHECKS_IN_FLIGHT_PER_SHARD at a time, and continues as new when the
// server suggests it. Each check stays visible to operators as an update of its shard's history
// (update id `check:<checkId>:…`, its input and answer decoded by the codec) and in the audit, whose
// row names the shard's run.
import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { eligibilityCheck, EligibilityCheckInput, EligibilityCheckOutcome, eligibilityShardState, MALFORMED_CHECK, MAX_CHECKS_IN_FLIGHT_PER_SHARD, SHARD_ROTATING } from './contract';
import { runEligibilityCheck } from './check';

export async function eligibilityShard(): Promise<void> {
  // The request behind each check id this run has taken: the same id with another request is refused
  // here, before the register is asked (earlier runs' checks are found in the audit by the activity).
  const requestOf = new Map<string, string | undefined>();
  let inFlight = 0;
  let taken = 0;
  let answered = 0;
  let rotating = false;

  setHandler(eligibilityShardState, () => ({ checksInFlight: inFlight, checksWaiting: taken - inFlight, checksAnswered: answered, rotating }));

  setHandler(
    eligibilityCheck,
    async (input: EligibilityCheckInput): Promise<EligibilityCheckOutcome> => {
      // The budget runs from the check's arrival, also while it waits for a free slot.
      const deadlineMs = Date.now() + input.budgetMs;
      const { checkId, requestHash } = input.request;
      if (requestOf.has(checkId) && requestOf.get(checkId) !== requestHash) return { kind: 'key-reused', attempt: input.attempt };
      requestOf.set(checkId, requestHash);
      taken++;
      try {
        await condition(() => inFlight < MAX_CHECKS_IN_FLIGHT_PER_SHARD);
        inFlight++;
        try {
          const answer = await runEligibilityCheck(input, deadlineMs);
          answered++;
          return { ...answer, attempt: input.attempt };
        } finally {
          inFlight--;
        }
      } finally {
        taken--;
      }
    },
    {
      // Refused, not written to the history. While rotating: the caller sends it again and meets the
      // next run. A malformed check (not sent by the API) would fail the shard's task, every check
      // of the shard with it, if the handler met it.
      validator: (input: EligibilityCheckInput): void => {
        if (rotating) throw ApplicationFailure.retryable('the shard is continuing as new: send the check again', SHARD_ROTATING);
        if (!isCheckInput(input)) throw ApplicationFailure.nonRetryable('not an eligibility check input', MALFORMED_CHECK);
      },
    },
  );

  await condition(() => workflowInfo().continueAsNewSuggested);
  rotating = true;
  await condition(allHandlersFinished);
  await continueAsNew<typeof eligibilityShard>();
}

function isCheckInput(input: unknown): input is EligibilityCheckInput {
  const { request, options, budgetMs, attempt } = (input ?? {}) as Partial<EligibilityCheckInput>;
  return (
    typeof request?.checkId === 'string' &&
    typeof request.personId === 'string' &&
    typeof options?.nonDisclosurePermit === 'boolean' &&
    typeof budgetMs === 'number' &&
    budgetMs > 0 &&
    typeof attempt === 'string'
  );
}
