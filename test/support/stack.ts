// The whole system in one test process: a real dev server, a real database of the test's own, the
// worker and the Nest API on an ephemeral port. Stopped in the order that lets Jest exit cleanly.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Test } from '@nestjs/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { AppModule } from '../../src/app.module';
import { signDevToken } from '../../src/auth/dev-signing-key';
import { Role, ROLES } from '../../src/auth/roles';
import { createDataConverter } from '../../src/codec/data-converter';
import { AppConfig, loadConfig } from '../../src/config/config';
import { APP_CONFIG } from '../../src/config/config.module';
import { configureApp } from '../../src/http/configure-app';
import { buildActivities } from '../../src/worker/activities';
import { createWorkers, runWorkers } from '../../src/worker/workers';
import { createTestDatabase, TestDatabase } from './database';
import { startDevServer, workflowBundle } from './temporal';

export interface TestStack {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  env: TestWorkflowEnvironment;
  /** A bearer token for the role, signed with the development key the API trusts. */
  tokens: Record<Role, string>;
  /** HTTP against the app as a caller with this role. */
  http(role: Role): ReturnType<typeof request.agent>;
  stop(): Promise<void>;
}

export async function startTestStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const baseEnv = { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, ...overrides };
    const env = await startDevServer(createDataConverter(loadConfig(baseEnv)));
    cleanups.push(() => env.teardown());
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE_ONBOARDING: `onboarding-${process.pid}`,
      TEMPORAL_TASK_QUEUE_ELIGIBILITY: `eligibility-${process.pid}`,
      ...overrides,
    });
    const workers: Worker[] = await createWorkers({
      connection: env.nativeConnection,
      config,
      workflows: workflowBundle(),
      ...buildActivities(config, db.prisma, undefined, env.nativeConnection),
    });
    const running = runWorkers(workers);
    cleanups.push(async () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running;
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
    configureApp(app);
    await app.init();
    cleanups.push(() => app.close());
    const tokens = Object.fromEntries(
      await Promise.all(ROLES.map(async (role) => [role, await signDevToken(config, [role])] as const)),
    ) as Record<Role, string>;
    const http = (role: Role) => request.agent(app.getHttpServer()).set('authorization', `Bearer ${tokens[role]}`);
    return { app, config, db, env, tokens, http, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
