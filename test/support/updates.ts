// Tests that drive onboardings through many updates on a real server. When an update reaches a
// workflow while the workflow completes a task of its own (a timer fired, an activity finished), the
// server may refuse it without applying it: gRPC FAILED_PRECONDITION "Unable to perform workflow
// execution update due to unexpected workflow task failure" (docs/STACK.md). The client does not retry
// that; a loaded machine makes the race likely, so drivers retry it, with the same update id, a few times.
import { isGrpcServiceError, ServiceError, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { randomUUID } from 'node:crypto';

const FAILED_PRECONDITION = 9;
const ATTEMPTS = 5;

function refusedWithoutApplying(err: unknown): boolean {
  return err instanceof ServiceError && isGrpcServiceError(err.cause) && err.cause.code === FAILED_PRECONDITION;
}

export async function executeUpdateRetrying<Ret, Args extends [unknown, ...unknown[]]>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, Args>,
  options: { args: Args; updateId?: string },
): Promise<Ret> {
  // One id for every attempt: should an attempt have been applied after all, the next returns its result.
  const updateId = options.updateId ?? randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(update, { args: options.args, updateId });
    } catch (err) {
      if (attempt >= ATTEMPTS || !refusedWithoutApplying(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
