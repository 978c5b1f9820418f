// Starts a short workflow (or joins the run already started under its id) and waits for its result at
// most `waitMs`: the caller answers "try again later" rather than keep its own caller waiting.
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';

export const WAITED_TOO_LONG = Symbol('waited too long');

export async function executeWithin<T>(
  client: Client,
  run: { workflowType: string; workflowId: string; taskQueue: string; args: unknown[]; waitMs: number },
): Promise<T | typeof WAITED_TOO_LONG> {
  const result = (async () => {
    try {
      return await client.workflow.execute(run.workflowType, {
        workflowId: run.workflowId,
        taskQueue: run.taskQueue,
        args: run.args,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowExecutionTimeout: '1 minute',
      });
    } catch (err) {
      // The same request again (idempotency): the answer of the first.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return client.workflow.getHandle(run.workflowId).result();
    }
  })() as Promise<T>;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof WAITED_TOO_LONG>((resolve) => {
    timer = setTimeout(() => resolve(WAITED_TOO_LONG), run.waitMs);
  });
  try {
    const answered = await Promise.race([result, deadline]);
    if (answered === WAITED_TOO_LONG) result.catch(() => undefined);
    return answered;
  } finally {
    clearTimeout(timer);
  }
}
