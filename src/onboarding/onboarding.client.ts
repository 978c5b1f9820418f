// The API's side of the onboarding workflow: starting it and reading its state. Nothing here decides
// domain rules; the workflow does.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { ConsortiumView } from '../consortia/consortia.service';
import { conflict, notFound, ProblemException, unprocessable } from '../http/problem';
import {
  getOnboardingState,
  OnboardingRefusal,
  ONBOARDING_WORKFLOW_TYPE,
  OnboardingState,
  onboardingWorkflowId,
  searchAttributes,
} from '../../workflows/onboarding/contract';
import { onboardingInputFor, onboardingStartOptions } from './onboarding-start';
import { StaffIdempotencyKeys } from './staff-idempotency';
import { retryUnappliedUpdate } from './update-retry';

export interface StartResult {
  created: boolean;
  state: OnboardingState;
}

@Injectable()
export class OnboardingClient {
  private readonly logger = new Logger(OnboardingClient.name);

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(StaffIdempotencyKeys) private readonly keys: StaffIdempotencyKeys,
  ) {}

  /**
   * Idempotent while an onboarding runs and after it went LIVE: a second start returns the existing one,
   * which is what a retried request must see. After a withdrawal it starts a new onboarding under the
   * same workflow id (the withdrawn run stays in Temporal's history); of two concurrent restarts one
   * starts it and the other reads it.
   */
  async start(consortium: ConsortiumView): Promise<StartResult> {
    const options = onboardingStartOptions(onboardingInputFor(consortium, this.config), this.config.TEMPORAL_TASK_QUEUE_ONBOARDING);
    const started = await this.tryStart(options);
    if (started) return started;
    if (await this.latestWasWithdrawn(consortium.id)) {
      const restarted = await this.tryStart({ ...options, workflowIdReusePolicy: 'ALLOW_DUPLICATE' });
      if (restarted) return restarted;
    }
    return { created: false, state: await this.state(consortium.id) };
  }

  /** Starts the workflow; undefined when a run with that id is running (or a closed one forbids it). */
  private async tryStart(options: ReturnType<typeof onboardingStartOptions>): Promise<StartResult | undefined> {
    try {
      const handle = await this.client.workflow.start(ONBOARDING_WORKFLOW_TYPE, options);
      this.logger.log({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId }, 'onboarding started');
      return { created: true, state: await handle.query(getOnboardingState) };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
      throw err;
    }
  }

  /** The latest run has ended in WITHDRAWN (read from its search attribute: no worker needed). */
  private async latestWasWithdrawn(consortiumId: string): Promise<boolean> {
    const latest = await this.handle(consortiumId).describe();
    return latest.status.name !== 'RUNNING' && latest.typedSearchAttributes.get(searchAttributes.onboardingPhase) === 'WITHDRAWN';
  }

  handle(consortiumId: string) {
    return this.client.workflow.getHandle(onboardingWorkflowId(consortiumId));
  }

  async state(consortiumId: string): Promise<OnboardingState> {
    try {
      return await this.client.workflow.getHandle(onboardingWorkflowId(consortiumId)).query(getOnboardingState);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw this.notStarted(consortiumId);
      throw err;
    }
  }

  /**
   * A staff action, as a Temporal update: the workflow's validator refuses what is out of order, and
   * the refusal comes back to the caller with its reason. With an idempotency key, a repeated request
   * is the same update (Temporal deduplicates update ids within a run), and the key is bound to this
   * request (422 for another). An update the server failed without applying is sent again under the
   * same id, within a bound (then 503: not applied).
   */
  async update<Arg>(
    consortiumId: string,
    update: UpdateDefinition<OnboardingState, [Arg]>,
    arg: Arg,
    idempotencyKey?: string,
  ): Promise<OnboardingState> {
    const handle = this.client.workflow.getHandle(onboardingWorkflowId(consortiumId));
    const updateId = idempotencyKey
      ? await this.keys.bind(idempotencyKey, { action: update.name, consortiumId, arg })
      : `${update.name}:${randomUUID()}`;
    try {
      const state = await retryUnappliedUpdate(() => handle.executeUpdate(update, { args: [arg], updateId }));
      this.logger.log({ workflowId: handle.workflowId, update: update.name }, 'onboarding updated');
      return state;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw this.notStarted(consortiumId);
      if (err instanceof WorkflowUpdateFailedError) throw refusal(err);
      if (isCompletedWorkflowError(err)) {
        const state = await this.state(consortiumId);
        throw conflict(`The onboarding of consortium "${consortiumId}" has ended (phase ${state.phase}); it takes no more changes.`);
      }
      throw err;
    }
  }

  notStarted(consortiumId: string) {
    return conflict(
      `No onboarding has been started for consortium "${consortiumId}". Start it with POST /consortia/${consortiumId}/onboarding.`,
    );
  }
}

const REFUSAL_STATUS: Record<string, (detail: string) => ProblemException> = {
  [OnboardingRefusal.OUT_OF_ORDER]: conflict,
  [OnboardingRefusal.UNKNOWN]: notFound,
  [OnboardingRefusal.INVALID]: unprocessable,
};

function refusal(err: WorkflowUpdateFailedError): ProblemException {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type && REFUSAL_STATUS[cause.type]) {
    return REFUSAL_STATUS[cause.type](cause.message);
  }
  return conflict(cause?.message ?? err.message);
}

function isCompletedWorkflowError(err: unknown): boolean {
  return err instanceof Error && /workflow execution already completed/i.test(err.message);
}
