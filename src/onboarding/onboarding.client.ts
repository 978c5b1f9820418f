// The API's side of the onboarding workflow: starting it and reading its state. Nothing here decides
// domain rules; the workflow does.
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { ConsortiumView } from '../consortia/consortia.service';
import { conflict } from '../http/problem';
import {
  getOnboardingState,
  ONBOARDING_WORKFLOW_TYPE,
  OnboardingInput,
  OnboardingState,
  onboardingWorkflowId,
  searchAttributes,
} from '../../workflows/onboarding/contract';

export interface StartResult {
  created: boolean;
  state: OnboardingState;
}

@Injectable()
export class OnboardingClient {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Idempotent: one onboarding per consortium, ever. A second start (running or finished) returns
   * the existing one, which is what a retried request must see.
   */
  async start(consortium: ConsortiumView): Promise<StartResult> {
    const input: OnboardingInput = {
      consortiumId: consortium.id,
      consortiumName: consortium.name,
      memberCodes: consortium.municipalityCodes,
      integrationSteps: this.config.INTEGRATION_STEPS,
      reminders: { interval: this.config.REMINDER_INTERVAL, beforeDeadline: this.config.REMINDER_BEFORE_DEADLINE },
    };
    try {
      const handle = await this.client.workflow.start(ONBOARDING_WORKFLOW_TYPE, {
        workflowId: onboardingWorkflowId(consortium.id),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE_ONBOARDING,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { consortiumName: consortium.name },
        typedSearchAttributes: [
          { key: searchAttributes.consortiumId, value: consortium.id },
          { key: searchAttributes.onboardingPhase, value: 'SURVEY' },
          { key: searchAttributes.memberCount, value: consortium.municipalityCodes.length },
          { key: searchAttributes.signedCount, value: 0 },
        ],
      });
      return { created: true, state: await handle.query(getOnboardingState) };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return { created: false, state: await this.state(consortium.id) };
    }
  }

  async state(consortiumId: string): Promise<OnboardingState> {
    try {
      return await this.client.workflow.getHandle(onboardingWorkflowId(consortiumId)).query(getOnboardingState);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw this.notStarted(consortiumId);
      throw err;
    }
  }

  notStarted(consortiumId: string) {
    return conflict(
      `No onboarding has been started for consortium "${consortiumId}". Start it with POST /consortia/${consortiumId}/onboarding.`,
    );
  }
}
