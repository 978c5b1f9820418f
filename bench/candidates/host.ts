// The ceiling-raising candidates of issue #15 item 2, hosted in the bench process: one worker on a
// NativeConnection of its own (the production workflows and eligibility activities, built by
// buildActivities from the stack's configuration: the same register over SOAP, joined snapshot and
// audit), and three ways to run a check on it:
//   eager      the production workflow started with requestEagerStart by a Client on the worker's own
//              connection (the server hands the first workflow task back in the start response): the
//              shape of "an eligibility worker inside each API process";
//   shards     update-with-start against SHARDS long-lived workflows (bench/candidates/workflows.ts);
//   standalone the check's activity run by itself (client.activity.execute), no workflow; only when the
//              dev server runs with activity.enableStandalone (BENCH_STANDALONE=1 adds the flag).
// Every candidate does the production check's work (register query, rules, audit row + query rows).
import { ActivityExecutionFailedError, Client, WithStartWorkflowOperation } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createDataConverter } from '../../src/codec/data-converter';
import type { AppConfig } from '../../src/config/config';
import type { PrismaClient } from '../../src/database/prisma';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';
import { buildActivities } from '../../src/worker/activities';
import { ELIGIBILITY_WORKFLOW_TYPE, EligibilityCheckInput, EligibilityCheckResult, eligibilityWorkflowId, NON_RETRYABLE_REGISTER_FAILURES } from '../../workflows/eligibility/contract';
import { unavailableDecision } from '../../workflows/eligibility/rules';
import { checkUpdate } from './workflows';

export const CANDIDATE_TASK_QUEUE = 'bench-candidates';
const SHARDS = 4;

export interface CandidateHost {
  eager(input: EligibilityCheckInput): Promise<{ result: EligibilityCheckResult; eagerlyStarted: boolean }>;
  shard(input: EligibilityCheckInput, seq: number): Promise<EligibilityCheckResult>;
  standalone(input: EligibilityCheckInput): Promise<EligibilityCheckResult>;
  stop(): Promise<void>;
}

export async function startCandidateHost(config: AppConfig, prisma: PrismaClient, bundlePath: string): Promise<CandidateHost> {
  // Quiet, as the bare worker: the SDK's state changes would drown the bench's table.
  Runtime.install({ logger: new DefaultLogger('WARN') });
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
  const shardPrefix = `bench-shard-${process.pid}`;
  return {
    async eager(input) {
      const handle = await client.workflow.start(ELIGIBILITY_WORKFLOW_TYPE, {
        workflowId: eligibilityWorkflowId(input.request.checkId),
        taskQueue: CANDIDATE_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        workflowExecutionTimeout: '1 minute',
        requestEagerStart: true,
      });
      return { result: (await handle.result()) as EligibilityCheckResult, eagerlyStarted: handle.eagerlyStarted };
    },
    shard(input, seq) {
      return client.workflow.executeUpdateWithStart(checkUpdate, {
        args: [input],
        startWorkflowOperation: new WithStartWorkflowOperation('eligibilityShard', {
          workflowId: `${shardPrefix}-${seq % SHARDS}`,
          taskQueue: CANDIDATE_TASK_QUEUE,
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
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
        })) as EligibilityCheckResult;
      } catch (err) {
        // Out of budget or an answer we cannot use: "try again later", as the workflow answers.
        if (!(err instanceof ActivityExecutionFailedError)) throw err;
        return { ...unavailableDecision(), checkId: input.request.checkId, checkedAt: new Date().toISOString() };
      }
    },
    async stop() {
      for (let i = 0; i < SHARDS; i++) {
        await client.workflow.getHandle(`${shardPrefix}-${i}`).terminate('bench over').catch(() => undefined);
      }
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}
