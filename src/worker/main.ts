// The worker process: runs the onboarding and eligibility workflows and their activities.
import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { JoinedListener } from '../../activities/eligibility/joined-listener';
import { ConfigError, loadConfig } from '../config/config';
import { createPrismaClient } from '../database/prisma';
import { scrubIdentityCodes } from '../observability/identity-codes';
import { setUpWorkerObservability } from '../observability/worker-observability';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { buildActivities } from './activities';
import { createWorkers, runWorkers, workflowSource } from './workers';

async function main(): Promise<void> {
  const config = loadConfig();
  // First: installs the Temporal Runtime (structured logs, temporal_* metrics).
  const observability = await setUpWorkerObservability(config);
  const prisma = createPrismaClient(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  let joinedListener: JoinedListener | undefined;
  try {
    const activities = buildActivities(config, prisma, observability, connection);
    const joined = activities.joinedMunicipalities;
    // A go-live in any worker process reaches this one's snapshot at once (LISTEN/NOTIFY).
    joinedListener = joined && new JoinedListener({ databaseUrl: config.DATABASE_URL, onChange: () => joined.invalidate(), logger: observability.logger }).start();
    const workers = await createWorkers({ connection, config, workflows: workflowSource, ...activities });
    observability.logger.info({ event: 'worker-running', taskQueues: workers.map((w) => w.options.taskQueue) }, 'worker running');
    await runWorkers(workers);
  } finally {
    await joinedListener?.stop();
    await connection.close();
    await prisma.$disconnect();
    await observability.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : scrubIdentityCodes(err));
  process.exit(1);
});
