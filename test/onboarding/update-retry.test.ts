// The bound of the update retry (issue 12, defect 1): what the dev server does in
// test/reliability/update-race.e2e.test.ts, here with the error as the Temporal client raises it, so
// that the bound and the answer after it (503 + Retry-After, "not applied") are seen too.
import { Controller, INestApplication, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ServiceError } from '@temporalio/client';
import request from 'supertest';
import { ProblemFilter } from '../../src/http/problem';
import { retryUnappliedUpdate, UpdateNotAppliedException } from '../../src/onboarding/update-retry';
import { isUpdateNotApplied } from '../../src/temporal/update-not-applied';

/** What the client throws for gRPC FAILED_PRECONDITION from UpdateWorkflowExecution (see rethrowGrpcError). */
const grpcError = (code: number, details: string) =>
  new ServiceError('Workflow Update failed', { cause: Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} }) });
const taskFailed = () => grpcError(9, 'Unable to perform workflow execution update due to unexpected workflow task failure.');
const bound = { totalMs: 300, initialDelayMs: 5, maxDelayMs: 40 };

describe('retryUnappliedUpdate', () => {
  it('sends the update again until it is taken', async () => {
    let attempts = 0;
    const result = await retryUnappliedUpdate(async () => {
      attempts++;
      if (attempts < 4) throw taskFailed();
      return 'applied';
    }, bound);
    expect(result).toBe('applied');
    expect(attempts).toBe(4);
  });

  it('gives up after its bound with a 503 that says the action was not applied', async () => {
    let attempts = 0;
    const failure = await retryUnappliedUpdate(async () => {
      attempts++;
      throw taskFailed();
    }, bound).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(UpdateNotAppliedException);
    expect((failure as UpdateNotAppliedException).getStatus()).toBe(503);
    expect(attempts).toBeGreaterThan(1);
  });

  it('recognises the error as the native client raises it too (text in the message, details empty)', () => {
    const text = 'Unable to perform workflow execution update due to unexpected workflow task failure.';
    const native = new ServiceError('Workflow Update failed', { cause: Object.assign(new Error(text), { code: 9, details: '', metadata: {} }) });
    expect(isUpdateNotApplied(native)).toBe(true);
  });

  it('recognises an update-with-start refused while the workflow task that met it is retried', () => {
    const text = 'Update-with-Start could not be executed. Unable to perform workflow execution update due to Workflow Task in failed state.';
    expect(isUpdateNotApplied(grpcError(9, text))).toBe(true);
  });

  it('does not retry what is not an unapplied update', async () => {
    for (const err of [grpcError(9, 'something else'), grpcError(5, 'workflow not found'), new Error('boom')]) {
      let attempts = 0;
      await expect(
        retryUnappliedUpdate(async () => {
          attempts++;
          throw err;
        }, bound),
      ).rejects.toBe(err);
      expect(attempts).toBe(1);
      expect(isUpdateNotApplied(err)).toBe(false);
    }
  });
});

@Controller()
class GivesUp {
  @Post('act')
  act(): never {
    throw new UpdateNotAppliedException();
  }
}

describe('the answer after the bound', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [GivesUp] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
  });
  afterAll(() => app?.close());

  it('is a 503 problem with Retry-After, saying the action was not applied', async () => {
    const res = await request(app.getHttpServer()).post('/act').expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/NOT applied/);
  });
});
