// The worker process: runs the onboarding and eligibility workflows and their activities.
import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../config/config';
import { createPrismaClient } from '../database/prisma';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { buildActivities } from './activities';
import { createWorkers, runWorkers, workflowSource } from './workers';

async function main(): Promise<void> {
  const config = loadConfig();
  const prisma = createPrismaClient(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  try {
    const workers = await createWorkers({ connection, config, workflows: workflowSource(), ...buildActivities(config, prisma) });
    console.log(JSON.stringify({ event: 'worker-running', taskQueues: workers.map((w) => w.options.taskQueue) }));
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
