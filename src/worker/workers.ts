// Builds the Temporal workers of this project: one per task queue, sharing one connection.
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { createDataConverter } from '../codec/data-converter';
import { ConfigError, type AppConfig } from '../config/config';
import { SHARD_TAKEOVER_AFTER } from '../../workflows/eligibility/contract';

export type WorkflowSource = Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'>;

export interface WorkerDependencies {
  connection: NativeConnection;
  config: AppConfig;
  /** One source for both task queues, or each queue's own. */
  workflows: WorkflowSource | ((set: WorkflowSet) => WorkflowSource);
  onboardingActivities: object;
  eligibilityActivities: object;
}

/** The workflows of one task queue (workflows/onboarding, workflows/eligibility). */
export type WorkflowSet = 'onboarding' | 'eligibility';

/**
 * A task queue's workflows: bundled from source at start-up (development), or prebuilt (tests, the
 * bench, production images) from WORKFLOW_BUNDLE_PATH, either a directory holding one bundle per set
 * (`onboarding.js`, `eligibility.js`) or one file bundling every workflow. Per set is the lighter: a
 * workflow run evaluates all of its bundle's modules (workflows/lazy.ts).
 */
export function workflowSource(set: WorkflowSet, bundlePath = process.env.WORKFLOW_BUNDLE_PATH): WorkflowSource {
  if (!bundlePath) return { workflowsPath: require.resolve(`../../workflows/${set}`) };
  const found = statSync(bundlePath, { throwIfNoEntry: false });
  if (!found) throw new ConfigError([`WORKFLOW_BUNDLE_PATH: ${bundlePath} does not exist`]);
  const codePath = found.isDirectory() ? path.join(bundlePath, `${set}.js`) : bundlePath;
  if (!statSync(codePath, { throwIfNoEntry: false })?.isFile()) {
    throw new ConfigError([`WORKFLOW_BUNDLE_PATH: ${bundlePath} is a directory without ${set}.js (the bundle of the ${set} task queue)`]);
  }
  return { workflowBundle: { codePath } };
}

export async function createWorkers(deps: WorkerDependencies): Promise<Worker[]> {
  const { connection, config } = deps;
  const workflows = (set: WorkflowSet) => (typeof deps.workflows === 'function' ? deps.workflows(set) : deps.workflows);
  const dataConverter = createDataConverter(config);
  const onboarding = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE_ONBOARDING,
    ...workflows('onboarding'),
    dataConverter,
    activities: deps.onboardingActivities,
  });
  const eligibility = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE_ELIGIBILITY,
    ...workflows('eligibility'),
    dataConverter,
    activities: deps.eligibilityActivities,
    // Checks are short and many: a login must not queue behind onboarding work or behind each other.
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentLocalActivityExecutions: 200,
    // A shard's tasks go to the worker that ran its last one; if that worker died, its checks wait
    // this long (not the default 10 s) before another worker takes the shard over.
    stickyQueueScheduleToStartTimeout: SHARD_TAKEOVER_AFTER,
  });
  return [onboarding, eligibility];
}

/** Runs the workers until one fails or all are shut down; a failure of one stops the others. */
export async function runWorkers(workers: Worker[]): Promise<void> {
  try {
    await Promise.all(workers.map((w) => w.run()));
  } catch (err) {
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    throw err;
  }
}
