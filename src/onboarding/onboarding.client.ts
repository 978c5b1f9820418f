// The API's side of the onboarding workflow: starting it and reading its state. Nothing here decides
// domain rules; the workflow does.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
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
} from '../../workflows/onboarding/contract';
import { onboardingInputFor, onboardingStartOptions } from './onboarding-start';

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
  ) {}

  /**
   * Idempotent: one onboarding per consortium, ever. A second start (running or finished) returns
   * the existing one, which is what a retried request must see.
   */
  async start(consortium: ConsortiumView): Promise<StartResult> {
    const input = onboardingInputFor(consortium, this.config);
    try {
      const handle = await this.client.workflow.start(
        ONBOARDING_WORKFLOW_TYPE,
        onboardingStartOptions(input, this.config.TEMPORAL_TASK_QUEUE_ONBOARDING),
      );
      this.logger.log({ workflowId: handle.workflowId, consortiumId: consortium.id }, 'onboarding started');
      return { created: true, state: await handle.query(getOnboardingState) };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return { created: false, state: await this.state(consortium.id) };
    }
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
   * is the same update (Temporal deduplicates update ids within a run).
   */
  async update<Arg>(
    consortiumId: string,
    update: UpdateDefinition<OnboardingState, [Arg]>,
    arg: Arg,
    idempotencyKey?: string,
  ): Promise<OnboardingState> {
    const handle = this.client.workflow.getHandle(onboardingWorkflowId(consortiumId));
    try {
      const state = await handle.executeUpdate(update, {
        args: [arg],
        // Hashed: a caller's key has no length limit of its own and is not for the history to keep.
        updateId: idempotencyKey ? `${update.name}:${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}` : undefined,
      });
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
