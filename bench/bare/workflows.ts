// The bare Temporal ceiling: the cheapest workflows that have the eligibility check's shape, so the
// benchmark can tell what the dev server and the SDK cost by themselves on this machine.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';


export interface BareActivities {
  noop(): Promise<string>;
}

const local = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '5 seconds' });
const remote = proxyActivities<BareActivities>({ startToCloseTimeout: '5 seconds' });

/** One workflow task, one local activity that does nothing: the shape of a workflow per check (the
 * design before the shards, issue #15). */
export async function bareLocal(): Promise<string> {
  return local.noop();
}

/** One regular activity: two more round trips through the server. */
export async function bareRegular(): Promise<string> {
  return remote.noop();
}

export const runUpdate = defineUpdate<string>('run');

/** The same work answered through update-with-start: the caller gets the update's result, no
 * separate long-poll for the workflow's result. */
export async function bareUpdate(): Promise<string> {
  let answer: string | undefined;
  setHandler(runUpdate, async () => {
    answer = await local.noop();
    return answer;
  });
  await condition(() => answer !== undefined);
  return answer!;
}

/** The validator's refusal while a bare shard continues as new (SHARD_ROTATING of the production shard). */
export const BARE_SHARD_ROTATING = 'BareShardRotating';

/** MAX_CHECKS_IN_FLIGHT_PER_SHARD of workflows/eligibility/contract.ts, not imported: this bundle holds no production
 * module, whose evaluation every bareLocal run would pay. */
const MAX_IN_FLIGHT = 10;

/**
 * The shape of the production shard (workflows/eligibility/shard.ts) with nothing to do: a long-lived
 * workflow answering each `run` update with one empty local activity, at most MAX_IN_FLIGHT at a
 * time; continues as new when the server suggests it once its handlers have finished, refusing
 * updates meanwhile with BARE_SHARD_ROTATING (the caller sends them again). Sharded by the caller as the
 * checks are (update-with-start, USE_EXISTING).
 */
export async function bareShard(): Promise<void> {
  let inFlight = 0;
  let rotating = false;
  setHandler(
    runUpdate,
    async () => {
      await condition(() => inFlight < MAX_IN_FLIGHT);
      inFlight++;
      try {
        return await local.noop();
      } finally {
        inFlight--;
      }
    },
    {
      validator: () => {
        if (rotating) throw ApplicationFailure.retryable('the shard is continuing as new: send the update again', BARE_SHARD_ROTATING);
      },
    },
  );
  await condition(() => workflowInfo().continueAsNewSuggested);
  rotating = true;
  await condition(allHandlersFinished);
  await continueAsNew<typeof bareShard>();
}
