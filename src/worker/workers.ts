// Builds the Temporal workers of this project: one per task queue, sharing one connection.
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createDataConverter } from '../codec/data-converter';
import type { AppConfig } from '../config/config';

export type WorkflowSource = Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'>;

export interface WorkerDependencies {
  connection: NativeConnection;
  config: AppConfig;
  workflows: WorkflowSource;
  onboardingActivities: object;
  eligibilityActivities: object;
}

/** Workflows come from source in development, or from a prebuilt bundle (tests, production images). */
export function workflowSource(bundlePath = process.env.WORKFLOW_BUNDLE_PATH): WorkflowSource {
  return bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: require.resolve('../../workflows') };
}

export async function createWorkers(deps: WorkerDependencies): Promise<Worker[]> {
  const { connection, config, workflows } = deps;
  const dataConverter = createDataConverter(config);
  const onboarding = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE_ONBOARDING,
    ...workflows,
    dataConverter,
    activities: deps.onboardingActivities,
  });
  const eligibility = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE_ELIGIBILITY,
    ...workflows,
    dataConverter,
    activities: deps.eligibilityActivities,
    // Checks are short and many: a login must not queue behind onboarding work or behind each other.
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentLocalActivityExecutions: 200,
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
