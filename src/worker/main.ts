// The worker process: runs the onboarding and eligibility workflows and their activities.
import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../config/config';
import { createPrismaClient } from '../database/prisma';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { createWorkers, runWorkers, workflowSource } from './workers';

async function main(): Promise<void> {
  const config = loadConfig();
  const prisma = createPrismaClient(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  try {
    const workers = await createWorkers({ connection, config, workflows: workflowSource(), onboardingActivities: {} });
    console.log(JSON.stringify({ event: 'worker-running', taskQueues: [config.TEMPORAL_TASK_QUEUE_ONBOARDING] }));
    await runWorkers(workers);
  } finally {
    await connection.close();
    await prisma.$disconnect();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
