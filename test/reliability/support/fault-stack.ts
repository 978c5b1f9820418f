// What the fault tests that run the real worker process share: the application's data converter with
// the file's own payload keys, a test database with a dev server, the environment of an onboarding
// worker, and the teardown that checks no worker process outlives the file.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataConverter } from '@temporalio/common';
import { createDataConverter } from '../../../src/codec/data-converter';
import { loadConfig } from '../../../src/config/config';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { startDevServer } from '../../support/temporal';
import type { ControlledLibrarySystem } from './library-system';
import { isAlive, type payloadKeyEnv, type WorkerProcess } from './processes';

export type PayloadKeys = ReturnType<typeof payloadKeyEnv>;

/** The application's data converter with `keys`: a Temporal client with it reads what the worker processes write. */
export function faultDataConverter(keys: PayloadKeys): DataConverter {
  return createDataConverter(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: 'postgresql://127.0.0.1/unused', ...keys }));
}

/** A fresh test database and a dev server whose client has `faultDataConverter(keys)`, started together. */
export async function startDatabaseAndDevServer(keys: PayloadKeys): Promise<{ db: TestDatabase; env: TestWorkflowEnvironment }> {
  const [db, env] = await Promise.all([createTestDatabase(), startDevServer(faultDataConverter(keys))]);
  return { db, env };
}

/** What every process of a fault test shares: the payload keys, the database, the dev server. */
const sharedEnv = (setup: { keys: PayloadKeys; db: TestDatabase; temporalAddress: string }) => ({
  ...setup.keys,
  DATABASE_URL: setup.db.url,
  TEMPORAL_ADDRESS: setup.temporalAddress,
});

/**
 * The environment of an onboarding worker process: onboarding on `taskQueue` (eligibility on a queue
 * of its own), the controlled library system, and no register. `extra` goes on top.
 */
export function onboardingWorkerEnv(
  setup: { keys: PayloadKeys; db: TestDatabase; temporalAddress: string; taskQueue: string; library: ControlledLibrarySystem },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...sharedEnv(setup),
    TEMPORAL_TASK_QUEUE_ONBOARDING: setup.taskQueue,
    TEMPORAL_TASK_QUEUE_ELIGIBILITY: `${setup.taskQueue}-eligibility`,
    LIBRARY_SYSTEM_URL_TEMPLATE: setup.library.urlTemplate,
    REGISTER_URL: 'http://127.0.0.1:9/unused',
    ...extra,
  };
}

/**
 * The environment of an eligibility worker (or API) process: eligibility on `taskQueue` (onboarding on
 * a queue of its own) and the register at `registerUrl`. `extra` goes on top.
 */
export function eligibilityProcessEnv(
  setup: { keys: PayloadKeys; db: TestDatabase; temporalAddress: string; taskQueue: string; registerUrl: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...sharedEnv(setup),
    TEMPORAL_TASK_QUEUE_ELIGIBILITY: setup.taskQueue,
    TEMPORAL_TASK_QUEUE_ONBOARDING: `${setup.taskQueue}-onboarding`,
    REGISTER_URL: setup.registerUrl,
    REGISTER_TIMEOUT_MS: '900',
    ...extra,
  };
}

/** SIGKILLs every worker process and checks that none is alive; then tears down the dev server and drops the database. */
export async function stopWorkersServerAndDatabase(workers: WorkerProcess[], env: TestWorkflowEnvironment | undefined, db: TestDatabase | undefined): Promise<void> {
  for (const w of workers) await w.kill('SIGKILL');
  for (const w of workers) expect(isAlive(w.pid)).toBe(false);
  await env?.teardown();
  await db?.drop();
}
