import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { getOnboardingState, ONBOARDING_WORKFLOW_TYPE, onboardingWorkflowId } from '../../workflows/onboarding/contract';
import { startTimeSkippingServer, workflowBundle } from '../support/temporal';

describe('consortium onboarding on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startTimeSkippingServer();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('records the members and waits in SURVEY', async () => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'tq', ...workflowBundle(), activities: {} });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(ONBOARDING_WORKFLOW_TYPE, {
        workflowId: onboardingWorkflowId('kirkes'),
        taskQueue: 'tq',
        args: [{
          consortiumId: 'kirkes',
          consortiumName: 'Kirkes',
          memberCodes: ['186', '505'],
          integrationSteps: [{ step: 'app-presence', automatic: false }],
          reminders: { interval: '7 days', beforeDeadline: '3 days' },
        }],
      });

      const state = await handle.query(getOnboardingState);
      expect(state.phase).toBe('SURVEY');
      expect(state.members.map((m) => m.code)).toEqual(['186', '505']);
      await handle.terminate();
    });
  });
});
