// The whole onboarding on the time-skipping server: months of timers in milliseconds, with recording
// stand-ins for the activities.
import { addDays, helsinkiMidnight } from '../../workflows/onboarding/calendar';
import { getOnboardingState, searchAttributes } from '../../workflows/onboarding/contract';
import { answerAndSign, confirmManualSteps, confirmManualStepsAndCheck, eventually, FakeSystems, installQuietRuntime, offerRounds, round, runScenario } from '../fixtures/onboarding';

const DAY = 86_400_000;

describe('consortium onboarding lifecycle (time-skipping server)', () => {
  beforeAll(installQuietRuntime);

  it('goes from the pre-survey to LIVE over months, joining every member at 00:00 Helsinki time of the go-live date', () =>
    runScenario(new FakeSystems(), 'kirkes', ['186', '505', '245'], async ({ env, systems, handle, today }) => {
      await offerRounds(systems, handle, [round('Kevät', today, 60, 120)]);

      await env.sleep(30 * DAY);
      await answerAndSign(handle, ['186', '505', '245'], addDays(today, 20));
      let state = await handle.query(getOnboardingState);
      expect(state.phase).toBe('INTEGRATION');
      await env.sleep(20 * DAY);
      state = await confirmManualSteps(handle);
      expect(state.phase).toBe('SCHEDULED');
      expect(state.integration.every((s) => s.status === 'DONE')).toBe(true);

      const final = await handle.result();
      const goLive = systems.rounds[0].goLiveDate;
      expect(final).toMatchObject({ phase: 'LIVE', round: systems.rounds[0], goLiveDate: goLive });
      expect(Date.parse(final.liveAt!) - helsinkiMidnight(goLive)).toBeGreaterThanOrEqual(0);
      expect(Date.parse(final.liveAt!) - helsinkiMidnight(goLive)).toBeLessThan(60_000);
      expect(systems.joined).toEqual([{ consortiumId: 'kirkes', municipalityCodes: ['186', '505', '245'], joinedOn: goLive }]);

      // A closed onboarding still answers, and operators see where it ended.
      expect(await handle.query(getOnboardingState)).toEqual(final);
      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(searchAttributes.onboardingPhase)).toBe('LIVE');
      expect(description.typedSearchAttributes.get(searchAttributes.joiningRound)).toBe('Kevät');
      expect(description.typedSearchAttributes.get(searchAttributes.signedCount)).toBe(3);
      expect(description.typedSearchAttributes.get(searchAttributes.memberCount)).toBe(3);
      expect(description.typedSearchAttributes.get(searchAttributes.consortiumId)).toBe('kirkes');
      expect(description.memo).toEqual({ consortiumName: 'Kimppa kirkes' });
    }));

  it('waits in SCHEDULED without a round until staff add one, then goes live on it', () =>
    runScenario(new FakeSystems(), 'vaski', ['853'], async ({ env, systems, handle, today }) => {
      await answerAndSign(handle, ['853'], today);
      expect(await confirmManualStepsAndCheck(handle)).toMatchObject({ phase: 'SCHEDULED', round: null });
      await env.sleep(20 * DAY);
      expect(await handle.query(getOnboardingState)).toMatchObject({ phase: 'SCHEDULED', round: null });

      await offerRounds(systems, handle, [round('Syksy', today, 30, 45)]);
      await eventually(handle, (s) => s.round?.name === 'Syksy');
      expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.joiningRound)).toBe('Syksy');

      const final = await handle.result();
      expect(final.phase).toBe('LIVE');
      expect(systems.joined[0].joinedOn).toBe(addDays(today, 45));
    }));

  it('finds a round added without a signal (Temporal unreachable at the time) by re-reading the rounds daily', () =>
    runScenario(new FakeSystems(), 'lukki', ['398'], async ({ env, systems, handle, today }) => {
      await answerAndSign(handle, ['398'], today);
      expect(await confirmManualStepsAndCheck(handle)).toMatchObject({ phase: 'SCHEDULED', round: null });
      // The round is in the database, but no joiningRoundsChanged signal arrives.
      systems.rounds = [round('Hiljainen', today, 30, 45)];
      await env.sleep(2 * DAY);
      await eventually(handle, (s) => s.round?.name === 'Hiljainen');
      expect((await handle.result()).phase).toBe('LIVE');
      expect(systems.joined[0].joinedOn).toBe(addDays(today, 45));
    }));

  it('slips to the next round when integration finishes after a round went live', () =>
    runScenario(new FakeSystems(), 'outi', ['564', '139'], async ({ env, systems, handle, today }) => {
      await offerRounds(systems, handle, [round('Ensimmäinen', today, 5, 30), round('Toinen', today, 60, 90)]);
      await answerAndSign(handle, ['564', '139'], today);
      await env.sleep(40 * DAY);
      await confirmManualSteps(handle);
      await eventually(handle, (s) => s.round?.name === 'Toinen');
      expect((await handle.result()).goLiveDate).toBe(addDays(today, 90));
    }));

  it('takes a later round when the last signature missed the first deadline', () =>
    runScenario(new FakeSystems(), 'lastu', ['398', '069'], async ({ env, systems, handle, today }) => {
      await offerRounds(systems, handle, [round('Ensimmäinen', today, 5, 100), round('Toinen', today, 40, 120)]);
      await env.sleep(10 * DAY);
      await answerAndSign(handle, ['398', '069'], addDays(today, 9));
      await confirmManualSteps(handle);
      await eventually(handle, (s) => s.round?.name === 'Toinen');
    }));

  it('moves to an earlier round added while it waits for its go-live', () =>
    runScenario(new FakeSystems(), 'piki', ['837'], async ({ systems, handle, today }) => {
      await offerRounds(systems, handle, [round('Myöhäinen', today, 30, 200)]);
      await answerAndSign(handle, ['837'], today);
      await confirmManualSteps(handle);
      await eventually(handle, (s) => s.round?.name === 'Myöhäinen');

      await offerRounds(systems, handle, [...systems.rounds, round('Aikainen', today, 30, 50)]);
      await eventually(handle, (s) => s.round?.name === 'Aikainen');
      const final = await handle.result();
      expect(final.goLiveDate).toBe(addDays(today, 50));
      expect(systems.joined).toHaveLength(1);
    }));

  it('goes live at once when its round goes live today', () =>
    runScenario(new FakeSystems(), 'keski', ['179'], async ({ systems, handle, today }) => {
      await offerRounds(systems, handle, [round('Tänään', today, 0, 0)]);
      await answerAndSign(handle, ['179'], today);
      await confirmManualSteps(handle);
      const final = await handle.result();
      expect(final).toMatchObject({ phase: 'LIVE', goLiveDate: today });
    }));

  it('keeps checking the library system until it answers', () =>
    runScenario(new FakeSystems(), 'heili', ['098'], async ({ systems, handle, today }) => {
      systems.librarySystemFailures = 3;
      await offerRounds(systems, handle, [round('Kevät', today, 10, 60)]);
      await answerAndSign(handle, ['098'], today);
      const state = await confirmManualSteps(handle);
      expect(state.phase).toBe('INTEGRATION');
      expect(state.integration.find((s) => s.automatic)?.status).toBe('PENDING');
      const final = await handle.result();
      expect(final.phase).toBe('LIVE');
      expect(systems.librarySystemChecks).toBe(4);
    }));
});
