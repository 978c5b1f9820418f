// Wraps the population register so that every query is timed and counted, and every failure is logged
// with the workflow it belongs to. Nothing about the person is recorded: not the identity code, not the
// answer.
import { Context } from '@temporalio/activity';
import {
  RegisterAnswerError,
  RegisterUnavailableError,
  type FindPersonOptions,
  type PopulationRegister,
  type RegisterPerson,
} from '../../activities/population-register/port';
import type { Logger } from './logger';
import type { RegisterOutcome, RegisterProduct, WorkerMetrics } from './metrics';

/** The activity attempt a call runs in, or undefined outside an activity (a script, a unit test). */
function currentActivity(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** Workflow and activity of the current attempt, for log lines. */
export function activityLogFields(context = currentActivity()): Record<string, unknown> {
  if (!context) return {};
  const info = context.info;
  return {
    workflowId: info.workflowExecution?.workflowId,
    runId: info.workflowExecution?.runId,
    workflowType: info.workflowType,
    activityType: info.activityType,
    activityId: info.activityId,
    attempt: info.attempt,
  };
}

export function failureKind(err: unknown, signal?: AbortSignal): Exclude<RegisterOutcome, 'found' | 'not_found'> {
  if (err instanceof RegisterUnavailableError) return err.kind;
  if (err instanceof RegisterAnswerError) return 'answer';
  if (signal?.aborted) return 'cancelled';
  return 'error';
}

/**
 * `register` with metrics (latency by product and outcome, failures by kind, activity attempts first
 * vs retry) and a warning line per failure carrying the workflow id. Attempts are counted once per
 * activity attempt (a guardian's check makes two queries in one attempt), from the activity context's
 * `info.attempt`: no change to the activities is needed.
 */
export function instrumentRegister(register: PopulationRegister, metrics: WorkerMetrics, logger?: Logger): PopulationRegister {
  const countedAttempts = new WeakSet<Context>();
  return {
    async findPerson(personId: string, options: FindPersonOptions): Promise<RegisterPerson | null> {
      const context = currentActivity();
      if (context && !countedAttempts.has(context)) {
        countedAttempts.add(context);
        metrics.registerAttempts.labels(context.info.attempt > 1 ? 'retry' : 'first').inc();
      }
      const product: RegisterProduct = options.withWards ? 'guardian' : 'person';
      const end = metrics.registerDuration.startTimer({ product });
      try {
        const person = await register.findPerson(personId, options);
        end({ outcome: person === null ? 'not_found' : 'found' });
        return person;
      } catch (err) {
        const kind = failureKind(err, options.signal);
        const seconds = end({ outcome: kind });
        metrics.registerFailures.labels(kind).inc();
        logger?.warn(
          {
            event: 'register-query-failed',
            kind,
            product,
            durationMs: Math.round(seconds * 1000),
            // The adapter's messages never carry identity codes; the log's scrubber is there if one did.
            reason: err instanceof Error ? err.message : String(err),
            ...(options.checkId !== undefined && { checkId: options.checkId }),
            ...activityLogFields(context),
          },
          'population register query failed',
        );
        throw err;
      }
    },
  };
}
