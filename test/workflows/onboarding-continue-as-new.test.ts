// A long onboarding continues as new without losing anything: answers, reminder sequence, round and
// search attributes carry over, and staff actions reach the newest run.
import { addDays } from '../../workflows/onboarding/calendar';
import { onboardingWorkflowId, searchAttributes } from '../../workflows/onboarding/contract';
import type { consortiumOnboarding } from '../../workflows/onboarding/workflow';
import { answer, confirmManualSteps, eventually, FakeSystems, installQuietRuntime, offerRounds, round, runScenario, sign } from '../fixtures/onboarding';

const DAY = 86_400_000;

describe('onboarding continue-as-new (time-skipping server)', () => {
  beforeAll(installQuietRuntime);

  it('keeps its state across runs and still goes live', () =>
    runScenario(
      new FakeSystems(),
      'keski',
      ['179', '182'],
      async ({ env, systems, handle: started, today }) => {
        // The handle of the workflow id (no run id) follows the chain of runs.
        const handle = env.client.workflow.getHandle<typeof consortiumOnboarding>(onboardingWorkflowId('keski'));
        await offerRounds(systems, handle, [round('Syksy', today, 40, 80)]);
        await answer(handle, '179', true, 'kirjasto@jyvaskyla.fi');

        await env.sleep(30.5 * DAY);
        const middle = await handle.describe();
        expect(middle.runId).not.toBe(started.firstExecutionRunId);
        expect(middle.memo).toEqual({ consortiumName: 'Kimppa keski' });
        expect(middle.typedSearchAttributes.get(searchAttributes.onboardingPhase)).toBe('SURVEY');
        expect(middle.typedSearchAttributes.get(searchAttributes.memberCount)).toBe(2);

        // The last reminder's outcome reaches the state in the workflow task after the activity.
        const state = await eventually(handle, (s) => s.reminders.sent === systems.reminders.length);
        expect(state.members[0]).toMatchObject({ code: '179', contactEmail: 'kirjasto@jyvaskyla.fi' });
        const sequences = systems.reminders.map((r) => r.sequence);
        expect(sequences).toEqual(sequences.map((_, i) => i + 1));
        // 30 daily reminders, plus the one two days before the deadline.
        expect(sequences.length).toBeGreaterThanOrEqual(30);

        await answer(handle, '182');
        for (const code of ['179', '182']) await sign(handle, code, addDays(today, 30));
        await confirmManualSteps(handle);
        const final = await handle.result();
        expect(final).toMatchObject({ phase: 'LIVE', goLiveDate: addDays(today, 80), reminders: { sent: sequences.length } });
        expect(systems.joined).toHaveLength(1);
        const description = await handle.describe();
        expect(description.typedSearchAttributes.get(searchAttributes.onboardingPhase)).toBe('LIVE');
        expect(description.typedSearchAttributes.get(searchAttributes.signedCount)).toBe(2);
      },
      { input: { reminders: { interval: '1 day', beforeDeadline: '2 days' }, continueAsNewAfterEvents: 60 }, reminderIntervalMs: DAY },
    ));
});
