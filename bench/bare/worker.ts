// Worker process of the bare ceiling: the same process shape as the production worker (one
// NativeConnection, createDataConverter(config) so payloads are encrypted as in production, the
// production eligibility worker's concurrency settings), with the trivial workflows of ./workflows.
// Env: the stack's settings (loadConfig), BARE_TASK_QUEUE, WORKFLOW_BUNDLE_PATH.
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createDataConverter } from '../../src/codec/data-converter';
import { loadConfig } from '../../src/config/config';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) } as never });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: process.env.BARE_TASK_QUEUE!,
      workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
      dataConverter: createDataConverter(config),
      activities: { noop: async () => 'ok' },
      maxConcurrentWorkflowTaskExecutions: 100,
      maxConcurrentLocalActivityExecutions: 200,
    });
    console.log(JSON.stringify({ event: 'worker-running', taskQueues: [worker.options.taskQueue] }));
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
