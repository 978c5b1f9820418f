// Reminder cadence on the workflow's own clock: every interval while answers are missing, once more
// before the next signing deadline, and never again once everyone has signed.
import { addDays, endOfHelsinkiDay } from '../../workflows/onboarding/calendar';
import { getOnboardingState } from '../../workflows/onboarding/contract';
import { answer, FakeSystems, installQuietRuntime, offerRounds, round, runScenario, sign } from '../fixtures/onboarding';

const DAY = 86_400_000;
const MINUTE = 60_000;

describe('onboarding reminders (time-skipping server)', () => {
  beforeAll(installQuietRuntime);

  it('reminds missing members every interval and once before the signing deadline, then stops', () =>
    runScenario(new FakeSystems(), 'kirkes', ['186', '505'], async ({ env, systems, handle, startMs, today }) => {
      await offerRounds(systems, handle, [round('Kevät', today, 20, 60)]);
      await answer(handle, '186', true, 'kirjasto@jarvenpaa.fi');

      await env.sleep(23 * DAY);
      const deadlineReminderAt = endOfHelsinkiDay(addDays(today, 20)) - 3 * DAY;
      const expected = [
        { kind: 'INTERVAL', at: startMs + 7 * DAY },
        { kind: 'INTERVAL', at: startMs + 14 * DAY },
        { kind: 'BEFORE_DEADLINE', at: deadlineReminderAt },
      ];
      expect(systems.reminders.map((r) => r.kind)).toEqual(expected.map((e) => e.kind));
      systems.reminders.forEach((reminder, i) => {
        expect(Math.abs(Date.parse(reminder.remindedAt) - expected[i].at)).toBeLessThan(MINUTE);
        expect(reminder).toMatchObject({
          workflowId: 'consortium-onboarding:kirkes',
          sequence: i + 1,
          consortiumId: 'kirkes',
          consortiumName: 'Kimppa kirkes',
          deadline: { roundName: 'Kevät', signingDeadline: addDays(today, 20) },
          recipients: [
            { municipalityCode: '186', contactEmail: 'kirjasto@jarvenpaa.fi', missing: 'SIGNATURE', declinedToJoin: false },
            { municipalityCode: '505', contactEmail: null, missing: 'SURVEY', declinedToJoin: false },
          ],
        });
      });
      let state = await handle.query(getOnboardingState);
      expect(state.reminders).toMatchObject({ sent: 3, deadlineRemindersFor: ['Kevät'] });
      expect(Math.abs(Date.parse(state.reminders.nextAt!) - (deadlineReminderAt + 7 * DAY))).toBeLessThan(MINUTE);

      await answer(handle, '505', false, 'kirjasto@mantsala.fi');
      await env.sleep(3 * DAY);
      expect(systems.reminders).toHaveLength(4);
      expect(systems.reminders[3]).toMatchObject({
        kind: 'INTERVAL',
        deadline: null,
        recipients: [
          { municipalityCode: '186', missing: 'SIGNATURE', declinedToJoin: false },
          { municipalityCode: '505', contactEmail: 'kirjasto@mantsala.fi', missing: 'SIGNATURE', declinedToJoin: true },
        ],
      });

      for (const code of ['186', '505']) await sign(handle, code, addDays(today, 20));
      await env.sleep(30 * DAY);
      expect(systems.reminders).toHaveLength(4);
      state = await handle.query(getOnboardingState);
      expect(state.reminders.nextAt).toBeNull();
    }));
});
