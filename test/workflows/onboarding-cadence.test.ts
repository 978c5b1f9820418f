// The reminder loop never stands still: a consortium left without members advances its cadence (it
// used to spin in one workflow task until the deadlock detector failed it, forever), and a round that
// nobody announced is still found by the daily re-read in SURVEY and SIGNATURES.
import { getOnboardingState } from '../../workflows/onboarding/contract';
import { answer, FakeSystems, installQuietRuntime, round, runScenario } from '../fixtures/onboarding';

const DAY = 86_400_000;

describe('onboarding cadence (time-skipping server)', () => {
  beforeAll(installQuietRuntime);

  it('a consortium without members keeps a running, answering workflow and sends nothing', () =>
    runScenario(new FakeSystems(), 'tyhja', [], async ({ env, systems, handle, startMs }) => {
      await env.sleep(30 * DAY);
      const state = await handle.query(getOnboardingState);
      const { status } = await handle.describe();
      expect(status.name).toBe('RUNNING');
      expect(systems.reminders).toEqual([]);
      expect(state.reminders.sent).toBe(0);
      // The cadence moved on past the four intervals that fell due.
      expect(Date.parse(state.reminders.nextAt!)).toBeGreaterThan(startMs + 28 * DAY);
    }), 60_000);

  it('re-reads the rounds daily while collecting answers: an unannounced round still gets its before-deadline reminder', () =>
    runScenario(new FakeSystems(), 'kirkes', ['186', '505'], async ({ env, systems, today }) => {
      await env.sleep(DAY / 2);
      // Added to the database, but the announcement never reached the workflow: no signal.
      systems.rounds = [round('Kevät', today, 10, 40)];
      await env.sleep(9 * DAY);
      expect(systems.reminders.map((r) => r.kind)).toEqual(['INTERVAL', 'BEFORE_DEADLINE']);
      expect(systems.reminders[1]).toMatchObject({ deadline: { roundName: 'Kevät' } });
    }), 60_000);
});
