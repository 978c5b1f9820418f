// An update that meets the workflow's own work can fail without being applied: the server fails the
// workflow task that carried it (e.g. UNHANDLED_COMMAND while the workflow completes) and answers
// FAILED_PRECONDITION "unexpected workflow task failure". The client does not retry that; we do, under
// the same update id, so that Temporal applies it at most once.
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { HttpStatus, Logger } from '@nestjs/common';
import { ProblemException } from '../http/problem';

/** gRPC status code (not a direct dependency of ours). */
const FAILED_PRECONDITION = 9;

export interface RetryBound {
  /** Give up after this long (ms), counted from the first attempt. */
  totalMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

const logger = new Logger('OnboardingUpdateRetry');

export const UPDATE_RETRY: RetryBound = { totalMs: 15_000, initialDelayMs: 50, maxDelayMs: 2_000 };

/** The update was not applied, and asking again (same update id) is safe. */
export function isUpdateNotApplied(err: unknown): boolean {
  const cause = err instanceof ServiceError ? err.cause : err;
  if (!isGrpcServiceError(cause)) return false;
  // grpc-js puts the server's text in `details`; the native client leaves `details` empty and puts it in
  // the message.
  return cause.code === FAILED_PRECONDITION && /workflow task failure/i.test(`${cause.details} ${cause.message}`);
}

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
