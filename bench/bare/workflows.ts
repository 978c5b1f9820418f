// The bare Temporal ceiling: the cheapest workflows that have the eligibility check's shape, so the
// benchmark can tell what the dev server and the SDK cost by themselves on this machine.
import { condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';

export interface BareActivities {
  noop(): Promise<string>;
}

const local = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '5 seconds' });
const remote = proxyActivities<BareActivities>({ startToCloseTimeout: '5 seconds' });

/** One workflow task, one local activity that does nothing: the shape of `loginEligibility`. */
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
