import { MockActivityEnvironment } from '@temporalio/testing';
import {
  RegisterAnswerError,
  RegisterUnavailableError,
  type FindPersonOptions,
  type PopulationRegister,
  type RegisterPerson,
} from '../../activities/population-register/port';
import { createLogger, MemoryDestination } from '../../src/observability/logger';
import { WorkerMetrics } from '../../src/observability/metrics';
import { instrumentRegister } from '../../src/observability/register-instrumentation';
import { PinoTemporalLogger } from '../../src/observability/temporal-runtime';

const CODE = '131052-308T';
const PERSON: RegisterPerson = { deceased: false, nonDisclosure: false, homeMunicipalityCode: '091', withheld: false, wards: null };

/** Answers with what `script` says for each call, in order. */
function scriptedRegister(script: (RegisterPerson | null | { thrown: unknown })[]): PopulationRegister {
  return {
    async findPerson(personId: string, options: FindPersonOptions) {
      const next = script.shift();
      if (next && 'thrown' in next) throw next.thrown;
      if (next === undefined) throw new Error('script exhausted');
      return next && options.withWards ? { ...next, wards: [] } : next;
    },
  };
}

describe('instrumentRegister', () => {
  const value = async (metrics: WorkerMetrics, series: string) => {
    const text = await metrics.metrics();
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  const options = { nonDisclosurePermit: false };

  it('times queries by product and outcome, counts failures by kind, and attempts once per activity attempt', async () => {
    const metrics = new WorkerMetrics({ defaultMetrics: false });
    const out = new MemoryDestination();
    const logger = createLogger({ LOG_LEVEL: 'info' }, { destination: out, service: 'worker' });
    const register = instrumentRegister(
      scriptedRegister([
        { thrown: new RegisterUnavailableError('the population register answered HTTP 503', 'http') },
        PERSON,
        PERSON,
        null,
        { thrown: new RegisterUnavailableError('the population register did not answer within 300 ms', 'timeout') },
        { thrown: new RegisterAnswerError('the register answer has no Henkilo') },
      ]),
      metrics,
      logger,
    );
    const workflowExecution = { workflowId: 'login-eligibility:abc', runId: 'run-1' };
    // The SDK's own activity log lines go to the same pino logger through the Runtime's bridge.
    const sdk = { logger: new PinoTemporalLogger(logger) };
    // Attempt 1 of a check: the register fails (503).
    await expect(
      new MockActivityEnvironment({ attempt: 1, workflowExecution, activityType: 'gatherEligibilityFacts' }, sdk).run(() => register.findPerson(CODE, options)),
    ).rejects.toThrow(RegisterUnavailableError);
    // Attempt 2 (a retry): a guardian's check, two queries in one attempt.
    await new MockActivityEnvironment({ attempt: 2, workflowExecution }, sdk).run(() =>
      Promise.all([register.findPerson(CODE, options), register.findPerson(CODE, { ...options, withWards: true })]),
    );
    // Another check, first attempt: not found.
    await new MockActivityEnvironment({ attempt: 1 }, sdk).run(() => register.findPerson(CODE, options));
    // Outside any activity (a script): timed, not counted as an attempt.
    await expect(register.findPerson(CODE, options)).rejects.toThrow('did not answer');
    await expect(register.findPerson(CODE, options)).rejects.toThrow(RegisterAnswerError);

    expect(await value(metrics, 'ekirjasto_register_attempts_total{attempt="first"}')).toBe(2);
    expect(await value(metrics, 'ekirjasto_register_attempts_total{attempt="retry"}')).toBe(1);
    expect(await value(metrics, 'ekirjasto_register_failures_total{kind="http"}')).toBe(1);
    expect(await value(metrics, 'ekirjasto_register_failures_total{kind="timeout"}')).toBe(1);
    expect(await value(metrics, 'ekirjasto_register_failures_total{kind="answer"}')).toBe(1);
    expect(await value(metrics, 'ekirjasto_register_failures_total{kind="connection"}')).toBe(0);
    expect(await value(metrics, 'ekirjasto_register_request_duration_seconds_count{product="person",outcome="found"}')).toBe(1);
    expect(await value(metrics, 'ekirjasto_register_request_duration_seconds_count{product="guardian",outcome="found"}')).toBe(1);
    expect(await value(metrics, 'ekirjasto_register_request_duration_seconds_count{product="person",outcome="not_found"}')).toBe(1);
    expect(await value(metrics, 'ekirjasto_register_request_duration_seconds_count{product="person",outcome="http"}')).toBe(1);

    // One warning per failure, with the workflow id when there is one, never the identity code.
    const warnings = out.records().filter((r) => r.event === 'register-query-failed');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatchObject({
      level: 'warn',
      event: 'register-query-failed',
      kind: 'http',
      product: 'person',
      workflowId: 'login-eligibility:abc',
      runId: 'run-1',
      attempt: 1,
      activityType: 'gatherEligibilityFacts',
      reason: 'the population register answered HTTP 503',
      durationMs: expect.any(Number),
    });
    expect(warnings[1]).not.toHaveProperty('workflowId');
    const sdkLine = out.records().find((r) => r.msg === 'Activity failed');
    expect(sdkLine).toMatchObject({
      level: 'warn',
      sdkComponent: 'worker',
      workflowId: 'login-eligibility:abc',
      attempt: 1,
      err: { type: 'RegisterUnavailableError', message: 'the population register answered HTTP 503', kind: 'http' },
    });
    expect(out.text).not.toContain(CODE);
  });

  it('calls a cancellation by the check\'s budget "cancelled"', async () => {
    const metrics = new WorkerMetrics({ defaultMetrics: false });
    const controller = new AbortController();
    controller.abort(new DOMException('budget', 'TimeoutError'));
    const register = instrumentRegister(scriptedRegister([{ thrown: controller.signal.reason }]), metrics);
    await expect(register.findPerson(CODE, { ...options, signal: controller.signal })).rejects.toThrow('budget');
    expect(await value(metrics, 'ekirjasto_register_failures_total{kind="cancelled"}')).toBe(1);
  });
});
