// Staff actions are updates of the onboarding workflow; one that was not applied (see
// ../temporal/update-not-applied.ts) is sent again with backoff, within a bound, then answered 503.
import { HttpStatus, Logger } from '@nestjs/common';
import { ProblemException } from '../http/problem';
import { isUpdateNotApplied } from '../temporal/update-not-applied';

export interface RetryBound {
  /** Give up after this long (ms), counted from the first attempt. */
  totalMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

const logger = new Logger('OnboardingUpdateRetry');

export const UPDATE_RETRY: RetryBound = { totalMs: 15_000, initialDelayMs: 50, maxDelayMs: 2_000 };

/** 503 with Retry-After: what the staff member asked for was not done; the same request may be sent again. */
export class UpdateNotAppliedException extends ProblemException {
  readonly retryAfterSeconds = 5;
  constructor() {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      'The onboarding was busy and did not take this action: it was NOT applied. Send the same request again in a few seconds (with the same Idempotency-Key, if you used one).',
    );
  }
}

/** Runs `attempt` again while its update was not applied, with backoff, within the bound. */
export async function retryUnappliedUpdate<T>(attempt: () => Promise<T>, bound: RetryBound = UPDATE_RETRY): Promise<T> {
  const giveUpAt = Date.now() + bound.totalMs;
  let delay = bound.initialDelayMs;
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isUpdateNotApplied(err)) throw err;
      if (Date.now() + delay > giveUpAt) {
        logger.error({ attempts }, 'update still not applied after its retry bound: 503');
        throw new UpdateNotAppliedException();
      }
      logger.warn({ attempts }, 'update not applied (workflow task failed): sending it again');
    }
    // Jitter: concurrent requests that failed together should not collide again together.
    await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * delay));
    delay = Math.min(delay * 2, bound.maxDelayMs);
  }
}
