// The candidates of issue #15 item 2 and the design they replaced, hosted in the bench process: one
// worker on a NativeConnection of its own (the eligibility task queue's workflows and the per-check
// workflow of ./workflows, the eligibility activities built by buildActivities from the stack's
// configuration: the same register over SOAP, joined snapshot and audit), and ways to run a check on it:
//   perCheck   the old production design: a workflow per check (`perCheckEligibility`), started as
//              the API started `loginEligibility` before the shards (issue #15); `eager: true` starts it
//              with requestEagerStart by a Client on the worker's own connection (the server hands the
//              first workflow task back in the start response): the shape of "an eligibility worker
//              inside each API process";
//   standalone the check's activity run by itself (client.activity.execute), no workflow; only when the
//              dev server runs with activity.enableStandalone (BENCH_STANDALONE=1 adds the flag).
// The shards candidate is the production design now (workflows/eligibility/shard.ts): the bench's
// "client" path measures it. Every path does the production check's work (register query, rules,
// audit row + query rows).
import { ActivityExecutionFailedError, Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createDataConverter } from '../../src/codec/data-converter';
import type { AppConfig } from '../../src/config/config';
import type { PrismaClient } from '../../src/database/prisma';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';
import { buildActivities } from '../../src/worker/activities';
import { EligibilityAnswer, EligibilityCheckInput, NON_RETRYABLE_REGISTER_FAILURES } from '../../workflows/eligibility/contract';
import { unavailableDecision } from '../../workflows/eligibility/rules';
import type { perCheckEligibility } from './workflows';

export const CANDIDATE_TASK_QUEUE = 'bench-candidates';

export interface CandidateHost {
  perCheck(input: EligibilityCheckInput, options: { eager: boolean }): Promise<{ answer: EligibilityAnswer; eagerlyStarted: boolean }>;
  standalone(input: EligibilityCheckInput): Promise<EligibilityAnswer>;
  stop(): Promise<void>;
}

export async function startCandidateHost(config: AppConfig, prisma: PrismaClient, bundlePath: string): Promise<CandidateHost> {
  // The process's Runtime (its logger) is bench/eligibility.ts's, made before its own client connected.
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const dataConverter = createDataConverter(config);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: CANDIDATE_TASK_QUEUE,
    workflowBundle: { codePath: bundlePath },
    activities: buildActivities(config, prisma).eligibilityActivities,
    dataConverter,
    // The production eligibility worker's settings (src/worker/workers.ts).
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentLocalActivityExecutions: 200,
  });
  const running = worker.run();
  // On the worker's own connection: the only way the server can hand it the first task eagerly.
  const client = new Client({ connection: connection as never, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  return {
    async perCheck(input, { eager }) {
      // As the API started a check before the shards, the workflow id being the old one's.
      const handle = await client.workflow.start<typeof perCheckEligibility>('perCheckEligibility', {
        workflowId: `login-eligibility:${input.request.checkId}`,
        taskQueue: CANDIDATE_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        workflowExecutionTimeout: '1 minute',
        memo: { requestHash: input.request.requestHash },
        requestEagerStart: eager,
      });
      return { answer: await handle.result(), eagerlyStarted: handle.eagerlyStarted };
    },
    async standalone(input) {
      try {
        return (await client.activity.execute('decideAndRecordEligibility', {
          id: `eligibility-${input.request.checkId}`,
          taskQueue: CANDIDATE_TASK_QUEUE,
          args: [input.request, input.options, Date.now() + input.budgetMs],
          scheduleToCloseTimeout: input.budgetMs,
          startToCloseTimeout: 1000,
          retry: { initialInterval: '50 ms', backoffCoefficient: 2, maximumInterval: '400 ms', nonRetryableErrorTypes: NON_RETRYABLE_REGISTER_FAILURES },
        })) as EligibilityAnswer;
      } catch (err) {
        // Out of budget or an answer we cannot use: "try again later", as the workflow answers.
        if (!(err instanceof ActivityExecutionFailedError)) throw err;
        return { kind: 'decided', result: { ...unavailableDecision(), checkId: input.request.checkId, checkedAt: new Date().toISOString() }, repeated: false };
      }
    },
    async stop() {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}
