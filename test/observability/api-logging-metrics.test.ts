// The API's logging and metrics, in a Nest application built like the real one (installObservability,
// then configureApp) around the real eligibility controller; Temporal and the database are stand-ins
// (nothing here reaches them). Every log line is captured in memory.
import { Controller, Get, Global, Injectable, Logger, Module, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from '@temporalio/client';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import { APP_CONFIG, ConfigModule } from '../../src/config/config.module';
import { PrismaClient } from '../../src/database/prisma';
import type { EligibilityCheckBody } from '../../src/eligibility/eligibility-request';
import { EligibilityClient } from '../../src/eligibility/eligibility.client';
import { EligibilityModule } from '../../src/eligibility/eligibility.module';
import { configureApp } from '../../src/http/configure-app';
import { IDENTITY_CODE_PLACEHOLDER } from '../../src/observability/identity-codes';
import { MemoryDestination } from '../../src/observability/logger';
import { ApiMetrics } from '../../src/observability/metrics';
import { installObservability, ObservabilityModule } from '../../src/observability/observability.module';
import type { EligibilityCheckResult } from '../../workflows/eligibility/contract';

// Valid codes (check characters right): the body, a header, a malformed body, an unexpected field.
const PERSON = '131052-308T';
const GUARDIAN = '010594Y9021';
const IN_HEADER = '020304A123J';
const IN_BROKEN_BODY = '311299-999E';
const AS_FIELD_NAME = '010101+123N';
const IN_ERROR = '150460-1236';
const ALL = [PERSON, GUARDIAN, IN_HEADER, IN_BROKEN_BODY, AS_FIELD_NAME, IN_ERROR];

/** Stands in for the Temporal-backed client, with the log lines proposed for the real one. */
@Injectable()
class FakeEligibilityClient {
  private readonly logger = new Logger(EligibilityClient.name);

  checkIdFor(): string {
    return 'fixed-check-id';
  }

  async check(_body: EligibilityCheckBody, checkId: string): Promise<EligibilityCheckResult> {
    this.logger.log({ checkId }, 'eligibility check started');
    const result: EligibilityCheckResult = {
      decision: 'DENY',
      reason: 'MUNICIPALITY_NOT_JOINED',
      municipalityCode: '091',
      message: { fi: 'fi', sv: 'sv', en: 'en' },
      checkId,
      checkedAt: new Date().toISOString(),
    };
    this.logger.log({ checkId, decision: result.decision, reason: result.reason }, 'eligibility check decided');
    return result;
  }
}

@Controller('probe')
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Get('boom')
  boom(): never {
    throw new Error(`the register lookup failed for ${IN_ERROR}`);
  }

  @Post('careless')
  careless(): { ok: true } {
    this.logger.warn(`someone logged ${IN_ERROR} in a message`);
    this.logger.log({ unexpected: { nested: [IN_ERROR] } }, 'and in a field');
    return { ok: true };
  }
}

/** PrismaClient and the Temporal Client, never called in this file. */
@Global()
@Module({ providers: [{ provide: PrismaClient, useValue: {} }, { provide: Client, useValue: {} }], exports: [PrismaClient, Client] })
class StandInInfrastructure {}

describe('API logging and metrics', () => {
  let app: INestApplication;
  const out = new MemoryDestination();
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace', DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, StandInInfrastructure, ObservabilityModule.forRoot({ destination: out }), EligibilityModule],
      controllers: [ProbeController],
    })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .overrideProvider(EligibilityClient)
      .useClass(FakeEligibilityClient)
      .compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    installObservability(app);
    installObservability(app); // idempotent (configureApp will call it too once wired)
    configureApp(app);
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('logs', () => {
    beforeAll(async () => {
      await http()
        .post('/eligibility/checks')
        .set('X-Request-Id', 'login-7f3a.1')
        .set('Authorization', `Bearer ${PERSON}`)
        .set('Cookie', `hetu=${PERSON}`)
        .set('X-Person', IN_HEADER)
        .set('Idempotency-Key', IN_HEADER)
        .set('User-Agent', `agent ${IN_HEADER}`)
        .send({ personId: PERSON, guardianId: GUARDIAN })
        .expect(200)
        .expect('X-Request-Id', 'login-7f3a.1');
      await http()
        .post('/eligibility/checks')
        .set('Content-Type', 'application/json')
        .send(`{"personId": "${IN_BROKEN_BODY}", `)
        .expect(400);
      await http()
        .post('/eligibility/checks')
        .send({ personId: PERSON, [AS_FIELD_NAME]: GUARDIAN, note: `about ${IN_HEADER}` })
        .expect(400);
      await http().get('/probe/boom').expect(500);
      await http().post('/probe/careless').expect(201);
    });

    it('never contains an identity code, wherever the request carried one', () => {
      expect(out.lines.length).toBeGreaterThan(5);
      for (const code of ALL) expect(out.text).not.toContain(code);
      // Not vacuous: the codes that did reach a log call were replaced, not lost with their line.
      expect(out.text).toContain(IDENTITY_CODE_PLACEHOLDER);
    });

    it('is one JSON object a line, with level names and the service', () => {
      for (const record of out.records()) {
        expect(record).toMatchObject({ level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/), service: 'api', time: expect.any(String) });
      }
    });

    it('logs each request once with its id, route template, status and duration, and no body or secret header', () => {
      const requests = out.records().filter((r) => r.res !== undefined);
      expect(requests).toHaveLength(5);
      const [ok, broken, unexpected, boom] = requests;
      expect(ok).toMatchObject({
        level: 'info',
        requestId: 'login-7f3a.1',
        route: '/eligibility/checks',
        req: { method: 'POST', path: '/eligibility/checks', headers: { authorization: '[redacted]', cookie: '[redacted]' } },
        res: { statusCode: 200 },
        durationMs: expect.any(Number),
      });
      expect(JSON.stringify(ok)).not.toMatch(/x-person|idempotency|Bearer|hetu=/i);
      expect(broken).toMatchObject({ level: 'warn', route: 'unmatched', req: { path: '/eligibility/checks' }, res: { statusCode: 400 } });
      expect(unexpected).toMatchObject({ level: 'warn', route: '/eligibility/checks', res: { statusCode: 400 } });
      expect(boom).toMatchObject({ level: 'error', route: '/probe/boom', res: { statusCode: 500 } });
      expect(boom).not.toHaveProperty('err'); // the filter's own line has the real error
      for (const r of requests) expect(r).not.toHaveProperty('body');
    });

    it('puts the request id and the check id on what the services log while serving the request', () => {
      const lines = out.records().filter((r) => r.context === 'EligibilityClient');
      expect(lines.map((l) => l.msg)).toEqual(['eligibility check started', 'eligibility check decided']);
      for (const line of lines) {
        expect(line).toMatchObject({ requestId: 'login-7f3a.1', checkId: 'fixed-check-id', level: 'info' });
      }
    });

    it('logs an unhandled error with its (scrubbed) message and stack', () => {
      const error = out.records().find((r) => r.msg === 'Unhandled error');
      expect(error).toMatchObject({ level: 'error', context: 'HTTP', path: '/probe/boom', requestId: expect.any(String) });
      expect((error!.err as { message: string }).message).toBe(`the register lookup failed for ${IDENTITY_CODE_PLACEHOLDER}`);
    });
  });

  describe('request ids', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

    it.each([
      ['missing', undefined],
      ['with spaces', 'not a good id'],
      ['too long', 'x'.repeat(129)],
      ['an identity code', PERSON],
      ['containing an identity code', `id:${PERSON}`],
    ])('generates one when the incoming id is %s', async (_, incoming) => {
      const req = http().get('/health/live');
      if (incoming !== undefined) req.set('X-Request-Id', incoming);
      const res = await req.expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('keeps a well-formed incoming id', async () => {
      const res = await http().get('/health/live').set('X-Request-Id', 'abc_DEF-123:4.5').expect(200);
      expect(res.headers['x-request-id']).toBe('abc_DEF-123:4.5');
    });
  });

  describe('GET /metrics', () => {
    let text: string;
    beforeAll(async () => {
      await http().get('/municipalities/nope').expect(404);
      await http().get('/eligibility/stats?from=yesterday').expect(400);
      const metrics = app.get(ApiMetrics);
      metrics.recordEligibilityDecision({ decision: 'ALLOW', reason: 'ELIGIBLE' });
      metrics.recordEligibilityDecision({ decision: 'ALLOW', reason: 'ELIGIBLE' });
      metrics.recordEligibilityDecision({ decision: 'UNAVAILABLE', reason: 'REGISTER_UNAVAILABLE' });
      const res = await http().get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      text = res.text;
    });

    const value = (line: string) => {
      const found = text.split('\n').find((l) => l.startsWith(`${line} `));
      return found === undefined ? undefined : Number(found.slice(line.length + 1));
    };

    it('has HTTP latency histograms by method, route template and status', () => {
      expect(text).toContain('# TYPE http_request_duration_seconds histogram');
      expect(value('http_request_duration_seconds_count{method="POST",route="/eligibility/checks",status_code="200"}')).toBe(1);
      expect(value('http_request_duration_seconds_count{method="POST",route="/eligibility/checks",status_code="400"}')).toBe(1);
      expect(value('http_request_duration_seconds_count{method="POST",route="unmatched",status_code="400"}')).toBe(1);
      expect(value('http_request_duration_seconds_count{method="GET",route="/probe/boom",status_code="500"}')).toBe(1);
      expect(value('http_request_duration_seconds_count{method="GET",route="/eligibility/stats",status_code="400"}')).toBe(1);
      expect(value('http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}')).toBe(1);
      expect(value('http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/eligibility/checks",status_code="200"}')).toBe(1);
      // Templates only: no raw URL, no query string, no unknown path.
      expect(text).not.toMatch(/route="[^"]*(nope|\?|yesterday)/);
    });

    it('counts eligibility decisions by decision and reason, known series from zero', () => {
      expect(text).toContain('# TYPE ekirjasto_eligibility_decisions_total counter');
      expect(value('ekirjasto_eligibility_decisions_total{decision="ALLOW",reason="ELIGIBLE"}')).toBe(2);
      expect(value('ekirjasto_eligibility_decisions_total{decision="UNAVAILABLE",reason="REGISTER_UNAVAILABLE"}')).toBe(1);
      expect(value('ekirjasto_eligibility_decisions_total{decision="DENY",reason="DECEASED"}')).toBe(0);
    });

    it('has the process metrics and nothing personal', () => {
      expect(text).toContain('process_cpu_seconds_total');
      expect(text).toContain('nodejs_eventloop_lag_seconds');
      for (const code of ALL) expect(text).not.toContain(code);
    });
  });
});
