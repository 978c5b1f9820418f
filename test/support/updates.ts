// Tests that drive onboardings through many updates on a real server retry an update the server refused
// without applying it (gRPC FAILED_PRECONDITION after a failed workflow task: docs/STACK.md), with the
// same update id, exactly as the API does (src/onboarding/update-retry.ts).
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { retryUnappliedUpdate } from '../../src/onboarding/update-retry';

export function executeUpdateRetrying<Ret, Args extends [unknown, ...unknown[]]>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, Args>,
  options: { args: Args; updateId?: string },
): Promise<Ret> {
  // One id for every attempt: should an attempt have been applied after all, the next returns its result.
  const updateId = options.updateId ?? randomUUID();
  return retryUnappliedUpdate(() => handle.executeUpdate(update, { args: options.args, updateId }));
}
