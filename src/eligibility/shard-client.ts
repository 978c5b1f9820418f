// Sends one check to the shard workflow that answers its check id (starting the shard if it is not
// running), as the API does: also used by tools that run checks without HTTP.
import { Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, UpdateDefinition } from '@temporalio/common';
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
  MAX_CHECKS_IN_FLIGHT_PER_SHARD,
  SHARD_ROTATING,
  SHARD_TAKEOVER_AFTER,
} from '../../workflows/eligibility/contract';

/** Pause before sending a refused update again: a shard's rotation takes a few ms of work. */
const RESEND_PAUSE_MS = 20;

/**
 * Updates this process has in flight to each shard: at most `limit` (the server refuses more per
 * workflow with ResourceExhausted, and the client then backs off for a second); the others wait here,
 * first come first served, until one is answered or their caller gives up (`signal`).
 */
export class ShardGates {
  private readonly gates = new Map<string, { inFlight: number; waiting: (() => void)[] }>();

  async enter(shard: string, limit: number, signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    let gate = this.gates.get(shard);
    if (!gate) this.gates.set(shard, (gate = { inFlight: 0, waiting: [] }));
    if (gate.inFlight >= limit) {
      const entered = gate;
      await new Promise<void>((resolve, reject) => {
        const admit = () => {
          signal?.removeEventListener('abort', giveUp);
          resolve();
        };
        const giveUp = () => {
          entered.waiting.splice(entered.waiting.indexOf(admit), 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', giveUp, { once: true });
        entered.waiting.push(admit);
      });
    } else {
      gate.inFlight++;
    }
    const current = gate;
    return () => {
      // The freed place goes straight to the next in line, or the count drops.
      const next = current.waiting.shift();
      if (next) next();
      else if (--current.inFlight === 0) this.gates.delete(shard);
    };
  }
}

const gates = new ShardGates();

export interface ShardUpdate<Args> {
  updateId: string;
  args: Args;
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  /** The failure type of the shard's validator while it continues as new. */
  rotatingType: string;
}

/**
 * Refusals of an update that never entered the shard's history, so sending it again (same update id)
 * is safe: the shard's validator while it rotates, the server's when the worker's task ended the run
 * (continue as new) with the update delivered but not taken ("UnprocessedUpdate"), and the server's
 * while the task that met the rotation is being retried (isUpdateNotApplied).
 */
function isRefusedBeforeAccepted(err: unknown, rotatingType: string): boolean {
  if (isUpdateNotApplied(err)) return true;
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && [rotatingType, 'UnprocessedUpdate'].includes(err.cause.type ?? '');
}

/**
 * Update-with-start to a long-lived shard (started if none runs), at most
 * MAX_CHECKS_IN_FLIGHT_PER_SHARD at a time from this process, sent again while the shard refuses it
 * before taking it (see above), until `signal`. `onResend` counts the resends (the bench).
 */
export async function updateShard<Ret, Args extends unknown[]>(
  client: Client,
  update: UpdateDefinition<Ret, Args>,
  to: ShardUpdate<Args>,
  { signal, onResend }: { signal?: AbortSignal; onResend?: () => void } = {},
): Promise<Ret> {
  const leave = await gates.enter(to.workflowId, MAX_CHECKS_IN_FLIGHT_PER_SHARD, signal);
  try {
    return await sendUntilTaken(client, update, to, signal, onResend);
  } finally {
    leave();
  }
}

async function sendUntilTaken<Ret, Args extends unknown[]>(
  client: Client,
  update: UpdateDefinition<Ret, Args>,
  to: ShardUpdate<Args>,
  signal: AbortSignal | undefined,
  onResend: (() => void) | undefined,
): Promise<Ret> {
  for (;;) {
    try {
      return await client.workflow.executeUpdateWithStart(update, {
        updateId: to.updateId,
        args: to.args,
        startWorkflowOperation: new WithStartWorkflowOperation(to.workflowType, {
          workflowId: to.workflowId,
          taskQueue: to.taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
          // A task held by a worker that died is given to another after this (default 10 s).
          workflowTaskTimeout: SHARD_TAKEOVER_AFTER,
          args: [],
        }),
      });
    } catch (err) {
      if (!isRefusedBeforeAccepted(err, to.rotatingType) || signal?.aborted) throw err;
    }
    onResend?.();
    await sleep(RESEND_PAUSE_MS, undefined, { signal }).catch(() => undefined);
  }
}

/** The check's outcome from the shard of its check id. */
export function sendEligibilityCheck(client: Client, taskQueue: string, input: EligibilityCheckInput, signal?: AbortSignal): Promise<EligibilityCheckOutcome> {
  const { checkId, requestHash = '' } = input.request;
  return updateShard(
    client,
    eligibilityCheck,
    {
      updateId: eligibilityCheckUpdateId(checkId, requestHash),
      args: [input],
      workflowType: ELIGIBILITY_SHARD_WORKFLOW_TYPE,
      workflowId: eligibilityShardWorkflowId(eligibilityShardOf(checkId)),
      taskQueue,
      rotatingType: SHARD_ROTATING,
    },
    { signal },
  );
}
