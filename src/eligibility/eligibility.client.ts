// Runs one check as a Temporal workflow and waits for its answer, within the budget.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { createHash, randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import {
  ELIGIBILITY_WORKFLOW_TYPE,
  EligibilityCheckInput,
  EligibilityCheckResult,
  eligibilityWorkflowId,
} from '../../workflows/eligibility/contract';
import { unavailableDecision } from '../../workflows/eligibility/rules';
import type { EligibilityCheckBody } from './eligibility-request';

/** Time for Temporal itself on top of the register's budget before the API gives up waiting. */
const ORCHESTRATION_MARGIN_MS = 1000;

class WaitedTooLong extends Error {}

@Injectable()
export class EligibilityClient {
  private readonly logger = new Logger(EligibilityClient.name);

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * With an idempotency key, a repeated request is the same check (same id, same answer); the id is a
   * hash of the key so that nothing a caller sends ends up in workflow ids.
   */
  checkIdFor(idempotencyKey: string | undefined, caller: string): string {
    if (!idempotencyKey) return randomUUID();
    return createHash('sha256').update(`${caller}\0${idempotencyKey}`).digest('hex').slice(0, 32);
  }

  /** `endUser`: on whose behalf the register is asked (Loppukayttaja): the calling service, never a person. */
  async check(body: EligibilityCheckBody, checkId: string, endUser?: string): Promise<EligibilityCheckResult> {
    const input: EligibilityCheckInput = {
      request: { checkId, personId: body.personId, guardianId: body.guardianId, requestedAt: new Date().toISOString(), ...(endUser && { endUser }) },
      options: { nonDisclosurePermit: this.config.NON_DISCLOSURE_PERMIT, allowTemporaryCodes: this.config.REGISTER_ALLOW_TEMPORARY_CODES },
      budgetMs: this.config.ELIGIBILITY_BUDGET_MS,
    };
    const workflowId = eligibilityWorkflowId(checkId);
    const result = (async () => {
      try {
        return await this.client.workflow.execute(ELIGIBILITY_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: this.config.TEMPORAL_TASK_QUEUE_ELIGIBILITY,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowExecutionTimeout: '1 minute',
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        return this.client.workflow.getHandle(workflowId).result();
      }
    })() as Promise<EligibilityCheckResult>;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WaitedTooLong()), this.config.ELIGIBILITY_BUDGET_MS + ORCHESTRATION_MARGIN_MS);
    });
    try {
      const decided = await Promise.race([result, deadline]);
      this.logger.log({ workflowId, decision: decided.decision, reason: decided.reason }, 'eligibility check decided');
      return decided;
    } catch (err) {
      // Temporal or the worker did not answer in time: the login service is told to try again.
      if (!(err instanceof WaitedTooLong)) throw err;
      result.catch(() => undefined);
      this.logger.warn({ workflowId }, 'eligibility check did not answer in time: UNAVAILABLE');
      return { ...unavailableDecision(), checkId, checkedAt: new Date().toISOString() };
    } finally {
      clearTimeout(timer);
    }
  }
}
