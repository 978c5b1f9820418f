// Runs one check in its shard workflow and waits for its answer, within the budget.
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createHash, randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { keyedHash, keyReusedForDifferentRequest } from '../idempotency/request-fingerprint';
import { MALFORMED_CHECK, type EligibilityCheckInput, type EligibilityCheckResult } from '../../workflows/eligibility/contract';
import { unavailableDecision } from '../../workflows/eligibility/rules';
import type { EligibilityCheckBody } from './eligibility-request';
import { sendEligibilityCheck } from './shard-client';

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
   * is refused (422); one whose earlier check answered "try again later" runs a fresh check; a decided
   * one answers with its decision. `caller` (the token's subject) is kept in the audit and is the
   * register's end user (Loppukayttaja): the calling service, never a person.
   */
  async check(body: EligibilityCheckBody, checkId: string, caller?: string): Promise<EligibilityCheckResult> {
    // Keyed with the audit secret: the update's input (readable through the codec) and the audit say
    // nothing about the person.
    const requestHash = keyedHash(this.config.AUDIT_HMAC_SECRET, 'eligibility-request', { caller, ...body });
    const input: EligibilityCheckInput = {
      request: {
        checkId,
        requestHash,
        personId: body.personId,
        guardianId: body.guardianId,
        requestedAt: new Date().toISOString(),
        ...(caller !== undefined && { caller, endUser: caller }),
      },
      options: { nonDisclosurePermit: this.config.NON_DISCLOSURE_PERMIT, allowTemporaryCodes: this.config.REGISTER_ALLOW_TEMPORARY_CODES },
      budgetMs: this.config.ELIGIBILITY_BUDGET_MS,
      attempt: randomUUID(),
    };
    const waiting = new AbortController();
    const result = this.decide(input, waiting.signal);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WaitedTooLong()), this.config.ELIGIBILITY_BUDGET_MS + ORCHESTRATION_MARGIN_MS);
    });
    try {
      const decided = await Promise.race([result, deadline]);
      this.logger.log({ checkId: decided.checkId, decision: decided.decision, reason: decided.reason }, 'eligibility check decided');
      return decided;
    } catch (err) {
      // The caller's own mistake (an Idempotency-Key reused for another request) is theirs to hear.
      if (err instanceof HttpException) throw err;
      // Temporal or the worker did not answer in time, or Temporal could not be reached: the login
      // service is told to try again, never a 500 for it.
      result.catch(() => undefined);
      if (err instanceof WaitedTooLong) {
        this.logger.warn({ checkId }, 'eligibility check did not answer in time: UNAVAILABLE');
      } else {
        this.logger.error({ checkId, err }, 'eligibility check could not be sent to Temporal: UNAVAILABLE');
      }
      return { ...unavailableDecision(), checkId, checkedAt: new Date().toISOString() };
    } finally {
      clearTimeout(timer);
      waiting.abort();
    }
  }

  /**
   * The check's decision. An earlier request's "try again later" under this check id is not an answer
   * to keep, nor is a failed update (Temporal answers a repeated update id with the first one's
   * failure; a check's own update fails only after its audit retried for a minute, long after this
   * request's deadline): the request goes on to the next check id of the chain (`<checkId>-r1`,
   * `-r2`, …), each with an audit row of its own, until it meets a decision or runs a check itself.
   */
  private async decide(input: EligibilityCheckInput, signal: AbortSignal): Promise<EligibilityCheckResult> {
    const { checkId } = input.request;
    for (let retry = 0; ; retry++) {
      const request = retry === 0 ? input : { ...input, request: { ...input.request, checkId: `${checkId}-r${retry}` } };
      const outcome = await sendEligibilityCheck(this.client, this.config.TEMPORAL_TASK_QUEUE_ELIGIBILITY, request, signal).catch((err: unknown) => {
        // A refusal of the input itself is no earlier check's: going on down the chain would only
        // send the same input again, as fast as the server refuses it.
        const refused = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === MALFORMED_CHECK;
        if (err instanceof WorkflowUpdateFailedError && !refused && !signal.aborted) return undefined;
        throw err;
      });
      if (outcome === undefined) continue;
      if (outcome.kind === 'key-reused') throw keyReusedForDifferentRequest();
      const earlier = outcome.repeated || outcome.attempt !== input.attempt;
      if (!earlier || outcome.result.decision !== 'UNAVAILABLE') return outcome.result;
    }
  }
}
