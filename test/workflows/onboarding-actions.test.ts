// Staff actions on a running onboarding: what is refused (synchronously, with a typed reason), what is
// harmless when repeated, and how membership changes and withdrawal move the consortium.
import { addDays } from '../../workflows/onboarding/calendar';
import { changeMembership, getOnboardingState, OnboardingRefusal, searchAttributes, withdrawOnboarding } from '../../workflows/onboarding/contract';
import { answer, completeStep, confirmManualSteps, confirmManualStepsAndCheck, eventually, FakeSystems, installQuietRuntime, offerRounds, refusalOf, round, runScenario, sign } from '../fixtures/onboarding';

const DAY = 86_400_000;
const { OUT_OF_ORDER, INVALID, UNKNOWN } = OnboardingRefusal;

describe('staff actions on a consortium onboarding (time-skipping server)', () => {
  beforeAll(installQuietRuntime);

  it('refuses a signature from a municipality that has not answered the pre-survey', () =>
    runScenario(new FakeSystems(), 'kirkes', ['186', '505'], async ({ handle, today }) => {
      const refusal = await refusalOf(sign(handle, '186', today));
      expect(refusal.type).toBe(OUT_OF_ORDER);
      expect(refusal.message).toContain('Municipality 186 has not answered the pre-survey');
      expect((await handle.query(getOnboardingState)).members[0].signedOn).toBeNull();
    }));

  it('leaves SIGNATURES only when every member has signed', () =>
    runScenario(new FakeSystems(), 'helle', ['260', '541', '615'], async ({ handle, today }) => {
      for (const code of ['260', '541', '615']) await answer(handle, code);
      await sign(handle, '260', today);
      const state = await sign(handle, '541', today);
      expect(state.phase).toBe('SIGNATURES');
      expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.signedCount)).toBe(2);
      expect((await sign(handle, '615', today)).phase).toBe('INTEGRATION');
      expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.onboardingPhase)).toBe('INTEGRATION');
    }));

  it('treats repeated actions as harmless and refuses conflicting or invalid ones', () =>
    runScenario(new FakeSystems(), 'lumme', ['167', '309'], async ({ systems, handle, today }) => {
      const libraryUp = systems.holdLibrarySystem();
      await answer(handle, '167', true, 'vanha@joensuu.fi');
      const reanswered = await answer(handle, '167', true, 'kirjasto@joensuu.fi');
      expect(reanswered.members[0].contactEmail).toBe('kirjasto@joensuu.fi');
      expect(await answer(handle, '167', true, 'kirjasto@joensuu.fi')).toEqual(reanswered);

      const signed = await sign(handle, '167', today);
      expect(await sign(handle, '167', today)).toEqual(signed);
      expect(await refusalOf(sign(handle, '167', today, 'Joku muu'))).toMatchObject({ type: OUT_OF_ORDER });
      expect(await refusalOf(answer(handle, '167', false))).toMatchObject({ type: OUT_OF_ORDER });

      await answer(handle, '309');
      expect(await refusalOf(sign(handle, '309', addDays(today, 1)))).toMatchObject({ type: INVALID, message: expect.stringContaining('future') });
      expect(await refusalOf(sign(handle, '309', '2024-02-30'))).toMatchObject({ type: INVALID });
      expect(await refusalOf(sign(handle, '999', today))).toMatchObject({ type: UNKNOWN });
      expect(await refusalOf(sign(handle, 'abc', today))).toMatchObject({ type: INVALID });
      expect(await refusalOf(answer(handle, '309', true, 'not-an-address'))).toMatchObject({ type: INVALID });

      expect(await refusalOf(completeStep(handle, 'app-presence'))).toMatchObject({ type: OUT_OF_ORDER });
      await sign(handle, '309', today);
      expect(await refusalOf(completeStep(handle, 'no-such-step'))).toMatchObject({ type: UNKNOWN });
      expect(await refusalOf(completeStep(handle, 'library-system-endpoint'))).toMatchObject({ type: OUT_OF_ORDER });
      expect(await refusalOf(completeStep(handle, 'app-presence'))).toMatchObject({ type: OUT_OF_ORDER, message: expect.stringContaining('patron-authentication') });
      const done = await completeStep(handle, 'patron-authentication');
      expect((await completeStep(handle, 'patron-authentication')).integration).toEqual(done.integration);
      libraryUp();
      await eventually(handle, (s) => s.integration[0].status === 'DONE');
      expect((await completeStep(handle, 'library-system-endpoint')).integration[0].status).toBe('DONE');
    }));

  it('keeps a consortium waiting for a member that does not intend to join, and counts its signature as joining', () =>
    runScenario(new FakeSystems(), 'ratamo', ['165', '694'], async ({ handle, today }) => {
      await answer(handle, '165');
      let state = await answer(handle, '694', false);
      expect(state.phase).toBe('SIGNATURES');
      state = await sign(handle, '165', today);
      expect(state.phase).toBe('SIGNATURES');
      expect(state.members.find((m) => m.code === '694')).toMatchObject({ intendsToJoin: false, signedOn: null });
      state = await sign(handle, '694', today);
      expect(state.phase).toBe('INTEGRATION');
      expect(state.members.find((m) => m.code === '694')?.intendsToJoin).toBe(true);
    }));

  it('moves the consortium back or forward when its membership changes, and freezes it once scheduled', () =>
    runScenario(new FakeSystems(), 'anders', ['005', '152'], async ({ handle, today }) => {
      await answer(handle, '005');
      await sign(handle, '005', today);
      let state = await handle.executeUpdate(changeMembership, { args: [{ remove: ['152'] }] });
      expect(state.phase).toBe('INTEGRATION');
      expect(state.members.map((m) => m.code)).toEqual(['005']);

      state = await handle.executeUpdate(changeMembership, { args: [{ add: ['399'] }] });
      expect(state.phase).toBe('SURVEY');
      let attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(searchAttributes.memberCount)).toBe(2);
      expect(attributes.get(searchAttributes.onboardingPhase)).toBe('SURVEY');
      expect((await handle.executeUpdate(changeMembership, { args: [{ add: ['399'] }] })).members).toEqual(state.members);

      expect(await refusalOf(handle.executeUpdate(changeMembership, { args: [{ remove: ['005', '399'] }] }))).toMatchObject({ type: INVALID });
      expect(await refusalOf(handle.executeUpdate(changeMembership, { args: [{ remove: ['091'] }] }))).toMatchObject({ type: UNKNOWN });
      expect(await refusalOf(handle.executeUpdate(changeMembership, { args: [{ add: ['12'] }] }))).toMatchObject({ type: INVALID });
      expect(await refusalOf(handle.executeUpdate(changeMembership, { args: [{}] }))).toMatchObject({ type: INVALID });

      await answer(handle, '399');
      await sign(handle, '399', today);
      state = await confirmManualStepsAndCheck(handle);
      expect(state.phase).toBe('SCHEDULED');
      attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(searchAttributes.signedCount)).toBe(2);
      expect(await refusalOf(handle.executeUpdate(changeMembership, { args: [{ add: ['091'] }] }))).toMatchObject({ type: OUT_OF_ORDER });
    }));

  it('withdraws an onboarding: reminders and timers stop and the workflow completes', () =>
    runScenario(new FakeSystems(), 'satakirjastot', ['079', '609'], async ({ env, systems, handle, today }) => {
      await offerRounds(systems, handle, [round('Kevät', today, 30, 60)]);
      await env.sleep(10 * DAY);
      expect(systems.reminders).toHaveLength(1);
      expect(await refusalOf(handle.executeUpdate(withdrawOnboarding, { args: [{ reason: ' ' }] }))).toMatchObject({ type: INVALID });
      const state = await handle.executeUpdate(withdrawOnboarding, { args: [{ reason: 'Kunnat päättivät odottaa' }] });
      expect(state).toMatchObject({ phase: 'WITHDRAWN', withdrawalReason: 'Kunnat päättivät odottaa' });
      const final = await handle.result();
      expect(final.withdrawnAt).toBe(state.withdrawnAt);
      expect(systems.reminders).toHaveLength(1);
      expect(systems.joined).toEqual([]);
      expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.onboardingPhase)).toBe('WITHDRAWN');
    }));

  it('withdraws a scheduled onboarding before its go-live, and an integration still waiting for its library system', async () => {
    await runScenario(new FakeSystems(), 'vaara', ['205'], async ({ systems, handle, today }) => {
      await offerRounds(systems, handle, [round('Kevät', today, 30, 60)]);
      await answer(handle, '205');
      await sign(handle, '205', today);
      await confirmManualSteps(handle);
      await eventually(handle, (s) => s.round !== null);
      await handle.executeUpdate(withdrawOnboarding, { args: [{ reason: 'Kimppa hajosi' }] });
      expect((await handle.result()).phase).toBe('WITHDRAWN');
      expect(systems.joined).toEqual([]);
    });
    await runScenario(new FakeSystems(), 'kyyti', ['285'], async ({ systems, handle, today }) => {
      const libraryUp = systems.holdLibrarySystem();
      try {
        await answer(handle, '285');
        await sign(handle, '285', today);
        await eventually(handle, () => systems.librarySystemChecks === 1);
        await handle.executeUpdate(withdrawOnboarding, { args: [{ reason: 'Kirjastojärjestelmä ei valmistu' }] });
        const final = await handle.result();
        expect(final.phase).toBe('WITHDRAWN');
        expect(final.integration[0].status).toBe('PENDING');
      } finally {
        libraryUp();
      }
    });
  });
});
