// Defect 1 of issue 12: a staff action that reaches the onboarding workflow while the workflow completes
// a task of its own can be failed by the server with FAILED_PRECONDITION "unexpected workflow task
// failure" (the task that would apply it failed with UNHANDLED_COMMAND), and was never applied. The API
// retries it under the same update id: every action answers 2xx or 4xx, and what was accepted is in the state.
import { joiningRoundsChanged, onboardingWorkflowId } from '../../workflows/onboarding/contract';
import { startTestStack, TestStack } from '../support/stack';

jest.setTimeout(180_000);

const CONSORTIA = ['keski', 'piki', 'eepos', 'lapin-kirjasto', 'vaski', 'helle', 'kirkes', 'outi'];

describe('staff actions racing the workflow\'s own tasks', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('withdraws every onboarding though signals keep arriving as it completes', async () => {
    const http = () => stack.http('staff');
    const statuses: number[] = [];
    for (const id of CONSORTIA) {
      await http().post(`/consortia/${id}/onboarding`).expect(201);
      const handle = stack.env.client.workflow.getHandle(onboardingWorkflowId(id));
      const signals = Array.from({ length: 6 }, () => handle.signal(joiningRoundsChanged).catch(() => undefined));
      const withdraw = http().post(`/consortia/${id}/onboarding/withdraw`).send({ reason: 'The council decided not to join this year' });
      const [res] = await Promise.all([withdraw, ...signals]);
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    for (const id of CONSORTIA) {
      expect((await http().get(`/consortia/${id}/onboarding`).expect(200)).body).toMatchObject({
        phase: 'WITHDRAWN',
        withdrawalReason: 'The council decided not to join this year',
      });
    }
  });
});
