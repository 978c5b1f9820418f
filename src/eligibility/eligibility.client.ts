// Runs one check as a Temporal workflow and waits for its answer, within the budget.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { keyedHash, keyReusedForDifferentRequest } from '../idempotency/request-fingerprint';
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
   * hash of the caller and the key only, so that nothing a caller sends ends up in workflow ids, and so
   * that the same key with another body meets the first check (and is refused).
   */
  checkIdFor(idempotencyKey: string | undefined, caller: string): string {
    if (!idempotencyKey) return randomUUID();
    return createHash('sha256').update(`${caller}\0${idempotencyKey}`).digest('hex').slice(0, 32);
  }

  /**
   * The decision of the check `checkId` for this request. A check id already used for another request
   * is refused (422); one whose earlier check answered "try again later" (or never answered) runs a
   * fresh check; a decided one answers with its decision. `caller` (the token's subject) is kept in the
   * audit and is the register's end user (Loppukayttaja): the calling service, never a person.
   */
  async check(body: EligibilityCheckBody, checkId: string, caller?: string): Promise<EligibilityCheckResult> {
    const input: EligibilityCheckInput = {
      request: {
        checkId,
        personId: body.personId,
        guardianId: body.guardianId,
        requestedAt: new Date().toISOString(),
        ...(caller !== undefined && { caller, endUser: caller }),
      },
      options: { nonDisclosurePermit: this.config.NON_DISCLOSURE_PERMIT, allowTemporaryCodes: this.config.REGISTER_ALLOW_TEMPORARY_CODES },
      budgetMs: this.config.ELIGIBILITY_BUDGET_MS,
    };
    // Keyed with the audit secret: the memo (readable through the codec) says nothing about the person.
    const requestHash = keyedHash(this.config.AUDIT_HMAC_SECRET, 'eligibility-request', { caller, ...body });
    const workflowId = eligibilityWorkflowId(checkId);
    const result = this.decide(input, workflowId, requestHash);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WaitedTooLong()), this.config.ELIGIBILITY_BUDGET_MS + ORCHESTRATION_MARGIN_MS);
    });
    try {
      const decided = await Promise.race([result, deadline]);
      this.logger.log({ workflowId, decision: decided.decision, reason: decided.reason }, 'eligibility check decided');
      return decided;
    } catch (err) {
      // Temporal or the worker did not answer in time, or the check's workflow timed out or failed:
      // the login service is told to try again.
      if (!(err instanceof WaitedTooLong || err instanceof WorkflowFailedError)) throw err;
      result.catch(() => undefined);
      this.logger.warn({ workflowId }, 'eligibility check did not answer in time: UNAVAILABLE');
      return { ...unavailableDecision(), checkId, checkedAt: new Date().toISOString() };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Starts the check, or meets the one already under this id. A run that ended UNAVAILABLE, failed or
   * timed out is not an answer to keep: a new run replaces it (ALLOW_DUPLICATE, once per request), with
   * a check id of its own so that its audit record is kept too.
   */
  private async decide(input: EligibilityCheckInput, workflowId: string, requestHash: string): Promise<EligibilityCheckResult> {
    let workflowIdReusePolicy: WorkflowIdReusePolicy = 'ALLOW_DUPLICATE_FAILED_ONLY';
    for (let attempt = 1; ; attempt++) {
      try {
        const handle = await this.client.workflow.start(ELIGIBILITY_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: this.config.TEMPORAL_TASK_QUEUE_ELIGIBILITY,
          args: [input],
          workflowIdReusePolicy,
          workflowExecutionTimeout: '1 minute',
          memo: { requestHash },
        });
        return (await handle.result()) as EligibilityCheckResult;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      const earlier = await this.client.workflow.getHandle(workflowId).describe();
      // Race-free: the first start under this id wins, and every later request compares with it.
      if (earlier.memo?.requestHash !== requestHash) throw keyReusedForDifferentRequest();
      const run = this.client.workflow.getHandle(workflowId, earlier.runId);
      if (earlier.status.name === 'RUNNING' || earlier.status.name === 'COMPLETED') {
        const decided = (await run.result()) as EligibilityCheckResult;
        if (decided.decision !== 'UNAVAILABLE' || attempt > 1) return decided;
      } else if (attempt > 1) {
        return { ...unavailableDecision(), checkId: input.request.checkId, checkedAt: new Date().toISOString() };
      }
      workflowIdReusePolicy = 'ALLOW_DUPLICATE';
      input = { ...input, request: { ...input.request, checkId: `${input.request.checkId}-${randomBytes(4).toString('hex')}` } };
    }
  }
}
