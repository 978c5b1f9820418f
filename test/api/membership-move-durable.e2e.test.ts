// A move outlives the request that started it: with no worker running, the API answers 503 (with
// Retry-After) once it has waited its bound; the move stays in Temporal, and when a worker is back
// the same request with the same Idempotency-Key answers the move's outcome, answers carried.
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { signDevToken } from '../../src/auth/dev-signing-key';
import { createDataConverter } from '../../src/codec/data-converter';
import { AppConfig, loadConfig } from '../../src/config/config';
import { APP_CONFIG } from '../../src/config/config.module';
import { configureApp } from '../../src/http/configure-app';
import { buildActivities } from '../../src/worker/activities';
import { createWorkers, runWorkers } from '../../src/worker/workers';
import { createTestDatabase, TestDatabase } from '../support/database';
import { startDevServer, workflowBundle } from '../support/temporal';

describe('a membership move across a worker outage', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let config: AppConfig;
  let app: INestApplication;
  let token: string;
  let workers: { workers: Worker[]; running: Promise<void> } | undefined;
  const http = () => request.agent(app.getHttpServer()).set('authorization', `Bearer ${token}`);

  async function startWorkers(): Promise<void> {
    const created = await createWorkers({ connection: env.nativeConnection, config, workflows: workflowBundle(), ...buildActivities(config, db.prisma, undefined, env.nativeConnection) });
    workers = { workers: created, running: runWorkers(created) };
  }
  async function stopWorkers(): Promise<void> {
    if (!workers) return;
    for (const w of workers.workers) if (w.getState() === 'RUNNING') w.shutdown();
    await workers.running;
    workers = undefined;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const base = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url };
    env = await startDevServer(createDataConverter(loadConfig(base)));
    config = loadConfig({
      ...base,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE_ONBOARDING: `onboarding-${process.pid}`,
      TEMPORAL_TASK_QUEUE_ELIGIBILITY: `eligibility-${process.pid}`,
    });
    await startWorkers();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(APP_CONFIG).useValue(config).compile();
    app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
    configureApp(app);
    await app.init();
    token = await signDevToken(config, ['staff']);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await stopWorkers();
    await env?.teardown();
    await db?.drop();
  });

  it('answers 503 while no worker runs, then the same key gives the outcome', async () => {
    await http().post('/consortia/kirkes/onboarding').expect(201);
    await http().post('/consortia/helmet/onboarding').expect(201);
    const [code] = (await http().get('/consortia/kirkes').expect(200)).body.municipalityCodes;
    await http()
      .post(`/municipalities/${code}/survey`)
      .send({ intendsToJoin: true, desiredSchedule: 'first round', contactEmail: 'kirjasto@jarvenpaa.fi' })
      .expect(200);

    await stopWorkers();
    const pending = await http().post(`/municipalities/${code}/consortium`).set('idempotency-key', 'siirto-1').send({ consortiumId: 'helmet' }).expect(503);
    expect(pending.headers['retry-after']).toBeDefined();
    expect(pending.body.detail).toMatch(/still under way.*same Idempotency-Key/);
    // Nothing moved while no worker ran.
    expect((await db.prisma.municipality.findUniqueOrThrow({ where: { code } })).consortiumId).toBe('kirkes');

    await startWorkers();
    const done = await http().post(`/municipalities/${code}/consortium`).set('idempotency-key', 'siirto-1').send({ consortiumId: 'helmet' }).expect(200);
    expect(done.body).toMatchObject({ moved: true, municipality: { consortiumId: 'helmet' }, carried: { code, contactEmail: 'kirjasto@jarvenpaa.fi' } });
    const helmet = (await http().get('/consortia/helmet/onboarding').expect(200)).body;
    expect(helmet.members.find((m: { code: string }) => m.code === code)).toMatchObject({ contactEmail: 'kirjasto@jarvenpaa.fi' });
    // One move, not two: the key named the workflow that was waiting.
    const moves: string[] = [];
    for await (const w of env.client.workflow.list({ query: 'WorkflowType = "membershipMove"' })) moves.push(w.workflowId);
    expect(moves).toEqual([`membership-move:${done.body.moveId}`]);
  }, 120_000);
});
