// Sends one check to the shard workflow that answers its check id (starting the shard if it is not
// running), as the API does: also used by tools that run checks without HTTP.
import { Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { isUpdateNotApplied } from '../temporal/update-not-applied';
import {
  eligibilityCheck,
  EligibilityCheckInput,
  EligibilityCheckOutcome,
  eligibilityCheckUpdateId,
  ELIGIBILITY_SHARD_WORKFLOW_TYPE,
  eligibilityShardOf,
  eligibilityShardWorkflowId,
  SHARD_ROTATING,
  SHARD_TAKEOVER_AFTER,
} from '../../workflows/eligibility/contract';

/**
 * Refusals of a check that never entered the shard's history, so sending it again (same update id) is
 * safe: the shard's validator while it rotates, the server's when the worker's task ended the run
 * (continue as new) with the check delivered but not taken ("UnprocessedUpdate"), and the server's
 * while the task that met the rotation is being retried (isUpdateNotApplied).
 */
const REFUSED_BEFORE_ACCEPTED = [SHARD_ROTATING, 'UnprocessedUpdate'];

function isRefusedBeforeAccepted(err: unknown): boolean {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && REFUSED_BEFORE_ACCEPTED.includes(err.cause.type ?? '');
}

/** Pause before sending a refused check again: a shard's rotation takes a few ms of work. */
const RESEND_PAUSE_MS = 20;

/** The check's outcome; sent again while its shard refuses it before taking it (see above), until `signal`. */
export async function sendEligibilityCheck(client: Client, taskQueue: string, input: EligibilityCheckInput, signal?: AbortSignal): Promise<EligibilityCheckOutcome> {
  const { checkId, requestHash = '' } = input.request;
  for (;;) {
    try {
      return await client.workflow.executeUpdateWithStart(eligibilityCheck, {
        updateId: eligibilityCheckUpdateId(checkId, requestHash),
        args: [input],
        startWorkflowOperation: new WithStartWorkflowOperation(ELIGIBILITY_SHARD_WORKFLOW_TYPE, {
          workflowId: eligibilityShardWorkflowId(eligibilityShardOf(checkId)),
          taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
          // A task held by a worker that died is given to another after this (default 10 s).
          workflowTaskTimeout: SHARD_TAKEOVER_AFTER,
          args: [],
        }),
      });
    } catch (err) {
      if (!(isRefusedBeforeAccepted(err) || isUpdateNotApplied(err)) || signal?.aborted) throw err;
    }
    await sleep(RESEND_PAUSE_MS, undefined, { signal }).catch(() => undefined);
  }
}
