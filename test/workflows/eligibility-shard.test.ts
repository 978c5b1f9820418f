// The shard workflow that answers eligibility checks, on a real dev server told to suggest
// continue-as-new after a few dozen history events: checks sent at once are answered across the
// shards' rotations, each check once and at most 10 at a time per shard; a check id is never answered
// for a request other than its first. The activity is a stand-in that records what it was asked.
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendEligibilityCheck } from '../../src/eligibility/shard-client';
import {
  eligibilityCheck,
  ELIGIBILITY_SHARD_WORKFLOW_TYPE,
  ELIGIBILITY_SHARDS,
  eligibilityShardOf,
  eligibilityShardState,
  eligibilityShardWorkflowId,
  type EligibilityActivities,
  type EligibilityAnswer,
  type EligibilityCheckInput,
  type EligibilityCheckResult,
  type EligibilityRequest,
  MALFORMED_CHECK,
  MAX_CHECKS_IN_FLIGHT_PER_SHARD,
} from '../../workflows/eligibility/contract';
import { decisionFor } from '../../workflows/eligibility/rules';
import { startDevServer, workflowBundle } from '../support/temporal';

jest.setTimeout(120_000);

const taskQueue = `shard-test-${process.pid}`;

/** Register queries made, by check id; checks in the activity now, and the most ever per shard. */
const asked = new Map<string, number>();
/** The audit, as the real activity reads it first: a check id answered once is answered from it. */
const audited = new Map<string, { requestHash?: string; result: EligibilityCheckResult }>();
const inActivity = new Map<string, number>();
let mostInActivity = 0;

const activities: Pick<EligibilityActivities, 'decideAndRecordEligibility' | 'recordEligibilityAudit'> = {
  async decideAndRecordEligibility(request: EligibilityRequest): Promise<EligibilityAnswer> {
    const earlier = audited.get(request.checkId);
    if (earlier) return earlier.requestHash === request.requestHash ? { kind: 'decided', result: earlier.result, repeated: true } : { kind: 'key-reused' };
    asked.set(request.checkId, (asked.get(request.checkId) ?? 0) + 1);
    const shard = eligibilityShardWorkflowId(eligibilityShardOf(request.checkId));
    inActivity.set(shard, (inActivity.get(shard) ?? 0) + 1);
    mostInActivity = Math.max(mostInActivity, inActivity.get(shard)!);
    try {
      await sleep(30);
    } finally {
      inActivity.set(shard, inActivity.get(shard)! - 1);
    }
    const result = { ...decisionFor('ALLOW', 'ELIGIBLE', '091', false), checkId: request.checkId, checkedAt: new Date().toISOString() };
    audited.set(request.checkId, { requestHash: request.requestHash, result });
    return { kind: 'decided', result, repeated: false };
  },
  async recordEligibilityAudit() {},
};

const input = (checkId: string, requestHash = `request-of-${checkId}`, attempt = checkId): EligibilityCheckInput => ({
  request: { checkId, requestHash, personId: '010101A123N', requestedAt: new Date().toISOString() },
  options: { nonDisclosurePermit: false },
  budgetMs: 30_000,
  attempt,
});

/** A dev server (with `extraArgs`) and a worker of the shard workflow, for the tests inside. */
function useShardWorker(extraArgs: string[] = []): { env(): TestWorkflowEnvironment } {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  beforeAll(async () => {
    env = await startDevServer(undefined, extraArgs);
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, ...workflowBundle(), activities });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
  return { env: () => env };
}

describe('a shard suggested to continue as new after 20 events', () => {
  const server = useShardWorker(['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=20']);

  it('answers two waves of 240 checks sent at once across the shards\' continue-as-new, asking the register once for each, at most 10 at a time per shard', async () => {
    // The second wave finds the shards told to continue as new (a run learns it at its next task).
    const checkIds = Array.from({ length: 480 }, (_, i) => `rotation-${i}`);
    const outcomes = [];
    for (const wave of [checkIds.slice(0, 240), checkIds.slice(240)]) {
      outcomes.push(...(await Promise.all(wave.map((checkId) => sendEligibilityCheck(server.env().client, taskQueue, input(checkId))))));
    }
    // A check that met its shard's continue-as-new may have been sent again by the client to the new
    // run (the SDK resends an update-with-start until the update is accepted): then the audit answers.
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome).toMatchObject({ kind: 'decided', attempt: checkIds[i], result: audited.get(checkIds[i])!.result });
    }
    expect([...asked.entries()].filter(([id]) => id.startsWith('rotation-')).map(([, n]) => n)).toEqual(checkIds.map(() => 1));
    expect(mostInActivity).toBeGreaterThan(1);
    expect(mostInActivity).toBeLessThanOrEqual(MAX_CHECKS_IN_FLIGHT_PER_SHARD);

    // Most shards rotated (15 checks each, several events per check, 20 events suggest continue-as-new).
    const continued = new Set<string>();
    for await (const run of server.env().client.workflow.list({ query: `WorkflowType = "${ELIGIBILITY_SHARD_WORKFLOW_TYPE}" AND ExecutionStatus = "ContinuedAsNew"` })) {
      continued.add(run.workflowId);
    }
    expect(continued.size).toBeGreaterThan(ELIGIBILITY_SHARDS / 2);
  });
});

describe('a shard within one run', () => {
  const server = useShardWorker();

  it('answers a repeated check with its first answer, and never answers a check id for another request', async () => {
    const first = await sendEligibilityCheck(server.env().client, taskQueue, input('repeat-1'));
    // The same request again (a new attempt of the caller): the server's answer to the update id.
    const again = await sendEligibilityCheck(server.env().client, taskQueue, input('repeat-1', undefined, 'second-attempt'));
    expect(again).toEqual(first);
    // The same check id with another request: refused in the workflow, the register never asked.
    const other = await sendEligibilityCheck(server.env().client, taskQueue, input('repeat-1', 'request-of-someone-else', 'third-attempt'));
    expect(other).toEqual({ kind: 'key-reused', attempt: 'third-attempt' });
    expect(asked.get('repeat-1')).toBe(1);
  });

  it('refuses a malformed check in its validator and goes on answering the others', async () => {
    const refused = await server
      .env()
      .client.workflow.executeUpdateWithStart(eligibilityCheck, {
        updateId: 'malformed-1',
        args: [{ request: { checkId: 'malformed-1' } } as unknown as EligibilityCheckInput],
        startWorkflowOperation: new WithStartWorkflowOperation(ELIGIBILITY_SHARD_WORKFLOW_TYPE, {
          workflowId: eligibilityShardWorkflowId(eligibilityShardOf('malformed-1')),
          taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: MALFORMED_CHECK });
    expect(await sendEligibilityCheck(server.env().client, taskQueue, input('malformed-1'))).toMatchObject({ kind: 'decided', repeated: false });
  });

  it('tells operators what a shard has in hand', async () => {
    await sendEligibilityCheck(server.env().client, taskQueue, input('state-1'));
    const state = await server.env().client.workflow.getHandle(eligibilityShardWorkflowId(eligibilityShardOf('state-1'))).query(eligibilityShardState);
    expect(state).toEqual({ checksInFlight: 0, checksWaiting: 0, checksAnswered: expect.any(Number), rotating: false });
    expect(state.checksAnswered).toBeGreaterThanOrEqual(1);
  });
});
