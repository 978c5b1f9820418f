// Runs one dependents lookup as a Temporal workflow and waits for its answer, within the budget.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import {
  DEPENDENTS_WORKFLOW_TYPE,
  dependentsWorkflowId,
  type DependentsInput,
  type DependentsResult,
} from '../../workflows/eligibility/dependents';
import { unavailableDecision } from '../../workflows/eligibility/rules';
import { executeWithin, WAITED_TOO_LONG } from './execute-within';

/** Time for Temporal itself on top of the register's budget before the API gives up waiting. */
const ORCHESTRATION_MARGIN_MS = 1000;

@Injectable()
export class DependentsClient {
  private readonly logger = new Logger(DependentsClient.name);

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async lookup(guardianId: string, lookupId: string, endUser: string): Promise<DependentsResult> {
    const input: DependentsInput = {
      request: { lookupId, guardianId, endUser },
      options: { nonDisclosurePermit: this.config.NON_DISCLOSURE_PERMIT, allowTemporaryCodes: this.config.REGISTER_ALLOW_TEMPORARY_CODES },
      budgetMs: this.config.ELIGIBILITY_BUDGET_MS,
    };
    const workflowId = dependentsWorkflowId(lookupId);
    const answered = await executeWithin<DependentsResult>(this.client, {
      workflowType: DEPENDENTS_WORKFLOW_TYPE,
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE_ELIGIBILITY,
      args: [input],
      waitMs: this.config.ELIGIBILITY_BUDGET_MS + ORCHESTRATION_MARGIN_MS,
    });
    if (answered !== WAITED_TOO_LONG) {
      this.logger.log({ workflowId, status: answered.status, dependents: answered.dependents.length }, 'dependents looked up');
      return answered;
    }
    this.logger.warn({ workflowId }, 'dependents lookup did not answer in time: UNAVAILABLE');
    return { lookupId, checkedAt: new Date().toISOString(), status: 'UNAVAILABLE', dependents: [], message: unavailableDecision().message };
  }
}
