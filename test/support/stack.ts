// The whole system in one test process: a real dev server, a real database of the test's own, the
// worker and the Nest API on an ephemeral port. Stopped in the order that lets Jest exit cleanly.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Test } from '@nestjs/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { Context } from '@temporalio/activity';
import { AppModule } from '../../src/app.module';
import { signDevToken } from '../../src/auth/dev-signing-key';
import { Role, ROLES } from '../../src/auth/roles';
import { createDataConverter } from '../../src/codec/data-converter';
import { AppConfig, loadConfig } from '../../src/config/config';
import { APP_CONFIG } from '../../src/config/config.module';
import { configureApp } from '../../src/http/configure-app';
import { buildActivities } from '../../src/worker/activities';
import { createWorkers, runWorkers } from '../../src/worker/workers';
import { AUDIT_ATTEMPT_MS, TWO_ROUND_ATTEMPT_MS } from '../../workflows/eligibility/attempts';
import { ELIGIBILITY_SHARD_WORKFLOW_TYPE, eligibilityShardState } from '../../workflows/eligibility/contract';
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
  /** Runs another worker of the test's on this stack's connection; `stop()` shuts it down with the stack's own. */
  addWorker(worker: Worker): void;
  stop(): Promise<void>;
}

/** How long `stop()` lets eligibility checks still running end by themselves (their budgets are seconds). */
const CHECKS_DRAIN_MS = 30_000;
/**
 * The longest attempt of any local activity of a check or a dependents lookup (their startToCloseTimeouts):
 * the SDK core's timer of such an attempt must have gone by before the workers shut down.
 */
const CHECK_ATTEMPT_TIMEOUT_MS = Math.max(AUDIT_ATTEMPT_MS, TWO_ROUND_ATTEMPT_MS);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** When a local activity of the stack's own eligibility worker last started an attempt after its first. */
interface RetryWatch {
  lastRetryAt: number;
}

/** The eligibility activities, each noting in `watch` an attempt that is a retry. */
function watchingRetries<T extends object>(activities: T, watch: RetryWatch): T {
  const watched = Object.entries(activities).map(([name, run]: [string, (...args: unknown[]) => unknown]) => [
    name,
    (...args: unknown[]) => {
      if (Context.current().info.attempt > 1) watch.lastRetryAt = Date.now();
      return run(...args);
    },
  ]);
  return Object.fromEntries(watched) as T;
}

/**
 * Waits until no eligibility check is in hand in any shard, no other workflow of the queue runs (a
 * dependents lookup), no local activity is in flight, and the attempt timeout of the last retried
 * attempt has gone by. The SDK's core arms a timeout timer for each attempt of a local activity and
 * leaves an earlier attempt's timer running when it retries (sdk-core local_activities.rs,
 * TimeoutBag::mark_started); should that timer fire after the worker shut down, it reports to a
 * closed channel and the core panics. A check that answered the API UNAVAILABLE (waited too long)
 * may still be retrying, so `stop()` lets it end first.
 */
async function checksDrained(env: TestWorkflowEnvironment, taskQueue: string, workers: Worker[], watch: RetryWatch): Promise<void> {
  const running = `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`;
  const checksInHand = async () => {
    let inHand = 0;
    for await (const shard of env.client.workflow.list({ query: `${running} AND WorkflowType = "${ELIGIBILITY_SHARD_WORKFLOW_TYPE}"` })) {
      const state = await env.client.workflow.getHandle(shard.workflowId, shard.runId).query(eligibilityShardState);
      inHand += state.checksInFlight + state.checksWaiting;
    }
    return inHand;
  };
  const otherWorkflows = async () => (await env.client.workflow.count(`${running} AND WorkflowType != "${ELIGIBILITY_SHARD_WORKFLOW_TYPE}"`)).count;
  const deadline = Date.now() + CHECKS_DRAIN_MS;
  for (;;) {
    const localActivities = workers.reduce((sum, w) => sum + w.getStatus().numInFlightLocalActivities, 0);
    if (localActivities === 0 && (await checksInHand()) === 0 && (await otherWorkflows()) === 0) break;
    if (Date.now() > deadline) throw new Error(`eligibility checks on ${taskQueue} still running after ${CHECKS_DRAIN_MS} ms: the stack cannot stop cleanly`);
    await pause(100);
  }
  const untilTimersGoneBy = watch.lastRetryAt + CHECK_ATTEMPT_TIMEOUT_MS - Date.now();
  if (untilTimersGoneBy > 0) await pause(untilTimersGoneBy);
}

export async function startTestStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  // Every step runs even when one fails (nothing left running), then the first failure is reported.
  const stop = async () => {
    let failure: unknown;
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => (failure ??= err));
    if (failure) throw failure;
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
      // Generous unless a test is about them: a loaded machine must not turn a check into a 503.
      ELIGIBILITY_BUDGET_MS: '10000',
      REGISTER_TIMEOUT_MS: '5000',
      ...overrides,
    });
    const activities = buildActivities(config, db.prisma, undefined, env.nativeConnection);
    const retries: RetryWatch = { lastRetryAt: 0 };
    const workers: Worker[] = await createWorkers({
      connection: env.nativeConnection,
      config,
      workflows: workflowBundle(),
      ...activities,
      eligibilityActivities: watchingRetries(activities.eligibilityActivities, retries),
    });
    let running = runWorkers(workers);
    cleanups.push(async () => {
      try {
        await checksDrained(env, config.TEMPORAL_TASK_QUEUE_ELIGIBILITY, workers, retries);
      } finally {
        for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
        await running;
      }
    });
    const addWorker = (worker: Worker) => {
      workers.push(worker);
      running = Promise.all([running, worker.run()]).then(() => undefined);
    };
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
    return { app, config, db, env, tokens, http, addWorker, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
