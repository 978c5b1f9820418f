// A worker process wired the way src/worker/main.ts is proposed to be (see the observability report):
// run by worker-telemetry.test.ts as a child process, because Runtime.install works once per process.
import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { createEligibilityActivities } from '../../../activities/eligibility/eligibility.activities';
import { HttpPopulationRegister } from '../../../activities/population-register/http-adapter';
import { loadConfig } from '../../../src/config/config';
import { createPrismaClient } from '../../../src/database/prisma';
import { instrumentRegister } from '../../../src/observability/register-instrumentation';
import { setUpWorkerObservability } from '../../../src/observability/worker-observability';
import { temporalConnectionOptions } from '../../../src/temporal/connection-options';
import { createWorkers, runWorkers, workflowSource } from '../../../src/worker/workers';

async function main(): Promise<void> {
  const config = loadConfig();
  const observability = await setUpWorkerObservability(config);
  const prisma = createPrismaClient(config.DATABASE_URL, 2);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  try {
    const register = instrumentRegister(
      new HttpPopulationRegister({ baseUrl: config.REGISTER_URL, timeoutMs: config.REGISTER_TIMEOUT_MS }),
      observability.metrics,
      observability.logger,
    );
    const workers = await createWorkers({
      connection,
      config,
      workflows: workflowSource(),
      onboardingActivities: {},
      eligibilityActivities: createEligibilityActivities({ register, prisma, auditSecret: config.AUDIT_HMAC_SECRET }),
    });
    observability.logger.info({ event: 'worker-running', taskQueues: workers.map((w) => w.options.taskQueue) }, 'worker running');
    await runWorkers(workers);
  } finally {
    await connection.close();
    await prisma.$disconnect();
    await observability.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
