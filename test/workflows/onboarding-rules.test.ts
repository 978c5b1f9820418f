// The onboarding's pure rules: Helsinki dates, round selection, reminder timing and staff actions.
import { addDays, endOfHelsinkiDay, helsinkiDate, helsinkiMidnight, isIsoDate } from '../../workflows/onboarding/calendar';
import { OnboardingRefusal, OnboardingState } from '../../workflows/onboarding/contract';
import { nextReminder, reminderPassed, reminderSent, startReminders } from '../../workflows/onboarding/reminders';
import { nextSigningDeadline, selectRound } from '../../workflows/onboarding/rounds';
import {
  assignRound,
  Clock,
  completeAutomaticSteps,
  decideIntegrationStep,
  decideMembership,
  decideSignature,
  decideSurvey,
  decideWithdrawal,
  Decision,
  goLive,
  initialState,
  lastSignedOn,
} from '../../workflows/onboarding/state';
import { INTEGRATION_STEPS, onboardingInput, survey } from '../fixtures/onboarding';

const DAY = 86_400_000;
const clock: Clock = { nowIso: '2024-03-10T10:00:00.000Z', today: '2024-03-10' };
const next = (decision: Decision): OnboardingState => {
  if ('refused' in decision) throw new Error(decision.refused.message);
  return decision.next;
};
const refusalType = (decision: Decision) => ('refused' in decision ? decision.refused.type : 'accepted');

function signedUp(codes: string[]): OnboardingState {
  let state = initialState(onboardingInput('kirkes', codes));
  for (const code of codes) state = next(decideSurvey(state, { municipalityCode: code, answer: survey(`k@${code}.fi`) }, clock));
  for (const code of codes) state = next(decideSignature(state, { municipalityCode: code, signature: { signedOn: '2024-03-01', signatory: 'X' } }, clock));
  return state;
}

describe('Helsinki calendar', () => {
  it('finds midnight in winter (UTC+2) and summer (UTC+3) time, across the DST switches', () => {
    expect(new Date(helsinkiMidnight('2024-04-23')).toISOString()).toBe('2024-04-22T21:00:00.000Z');
    expect(new Date(helsinkiMidnight('2024-01-15')).toISOString()).toBe('2024-01-14T22:00:00.000Z');
    expect(new Date(helsinkiMidnight('2024-03-31')).toISOString()).toBe('2024-03-30T22:00:00.000Z'); // DST starts 03:00 that day
    expect(new Date(helsinkiMidnight('2024-10-27')).toISOString()).toBe('2024-10-26T21:00:00.000Z'); // DST ends 04:00 that day
    expect(endOfHelsinkiDay('2024-03-30')).toBe(helsinkiMidnight('2024-03-31'));
  });

  it('reads the date in Helsinki, which is ahead of UTC', () => {
    expect(helsinkiDate(Date.parse('2024-04-22T21:00:00Z'))).toBe('2024-04-23');
    expect(helsinkiDate(Date.parse('2024-04-22T20:59:59Z'))).toBe('2024-04-22');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect([isIsoDate('2024-02-29'), isIsoDate('2023-02-29'), isIsoDate('2024-2-1'), isIsoDate(20240101)]).toEqual([true, false, false, false]);
  });
});

describe('joining rounds', () => {
  const rounds = [
    { name: 'Avaus', signingDeadline: '2024-03-15', goLiveDate: '2024-04-23' },
    { name: 'Syksy', signingDeadline: '2024-08-31', goLiveDate: '2024-10-01' },
    { name: 'Kevät 2025', signingDeadline: '2025-01-31', goLiveDate: '2025-03-01' },
  ];

  it('takes the first round whose deadline the last signature met and whose go-live is today or later', () => {
    expect(selectRound(rounds, '2024-03-15', '2024-04-01')?.name).toBe('Avaus');
    expect(selectRound(rounds, '2024-03-16', '2024-04-01')?.name).toBe('Syksy');
    expect(selectRound(rounds, '2024-03-01', '2024-04-23')?.name).toBe('Avaus');
    expect(selectRound(rounds, '2024-03-01', '2024-04-24')?.name).toBe('Syksy');
    expect(selectRound(rounds, '2025-02-01', '2025-02-01')).toBeNull();
  });

  it('knows the next signing deadline still ahead', () => {
    expect(nextSigningDeadline(rounds, Date.parse('2024-03-15T22:00:00Z'))?.name).toBe('Syksy');
    expect(nextSigningDeadline(rounds, Date.parse('2024-03-15T21:59:59Z'))?.name).toBe('Avaus');
  });
});

describe('reminder timing', () => {
  const timing = { intervalMs: 7 * DAY, beforeDeadlineMs: 3 * DAY };
  const start = Date.parse('2024-03-01T10:00:00Z');
  const rounds = [{ name: 'Avaus', signingDeadline: '2024-03-15', goLiveDate: '2024-04-23' }];

  it('alternates the interval and the one before-deadline reminder, which restarts the interval', () => {
    let state = startReminders(initialState(onboardingInput('kirkes', ['186'])), start, timing);
    let due = nextReminder(state, rounds, timing, start);
    expect(due).toEqual({ at: start + 7 * DAY, kind: 'INTERVAL' });
    state = reminderSent(state, due, due.at, timing);
    due = nextReminder(state, rounds, timing, start + 7 * DAY);
    expect(due).toMatchObject({ kind: 'BEFORE_DEADLINE', at: Date.parse('2024-03-12T22:00:00Z') });
    state = reminderSent(state, due, due.at, timing);
    expect(nextReminder(state, rounds, timing, due.at)).toEqual({ kind: 'INTERVAL', at: due.at + 7 * DAY });
    expect(state.reminders).toMatchObject({ sent: 2, deadlineRemindersFor: ['Avaus'] });
  });

  it('a reminder with nobody to remind still moves the cadence on, without counting as sent', () => {
    const state = startReminders(initialState(onboardingInput('tyhja', [])), start, timing);
    const due = nextReminder(state, rounds, timing, start + 7 * DAY);
    const passed = reminderPassed(state, due, due.at, timing);
    expect(nextReminder(passed, rounds, timing, due.at).at).toBeGreaterThan(due.at);
    expect(passed.reminders).toMatchObject({ sent: 0, lastSentAt: null });
  });

  it('reminds at once of a deadline whose reminder moment has already passed', () => {
    const now = Date.parse('2024-03-14T12:00:00Z');
    const state = startReminders(initialState(onboardingInput('kirkes', ['186'])), now, timing);
    expect(nextReminder(state, rounds, timing, now)).toMatchObject({ kind: 'BEFORE_DEADLINE', at: now });
  });
});

describe('staff actions', () => {
  it('refuses out-of-order and invalid actions with their reason', () => {
    const state = initialState(onboardingInput('kirkes', ['186', '505']));
    expect(refusalType(decideSignature(state, { municipalityCode: '186', signature: { signedOn: '2024-03-01', signatory: 'X' } }, clock))).toBe(OnboardingRefusal.OUT_OF_ORDER);
    expect(refusalType(decideSurvey(state, { municipalityCode: '091', answer: survey('a@b.fi') }, clock))).toBe(OnboardingRefusal.UNKNOWN);
    expect(refusalType(decideSurvey(state, { municipalityCode: '186', answer: { intendsToJoin: 'yes' } } as never, clock))).toBe(OnboardingRefusal.INVALID);
    expect(refusalType(decideIntegrationStep(state, { step: 'app-presence' }, clock))).toBe(OnboardingRefusal.OUT_OF_ORDER);
    expect(refusalType(decideMembership(state, { remove: ['186', '505'] }))).toBe(OnboardingRefusal.INVALID);
    expect(refusalType(decideMembership(state, { add: ['091'], remove: ['091'] }))).toBe(OnboardingRefusal.INVALID);
  });

  it('schedules a consortium once every member signed and every step is done', () => {
    let state = signedUp(['186', '505']);
    expect(state.phase).toBe('INTEGRATION');
    expect(lastSignedOn(state)).toBe('2024-03-01');
    state = next(decideIntegrationStep(state, { step: 'patron-authentication' }, clock));
    state = next(decideIntegrationStep(state, { step: 'app-presence' }, clock));
    expect(state.phase).toBe('INTEGRATION');
    state = completeAutomaticSteps(state, clock.nowIso);
    expect(state.phase).toBe('SCHEDULED');
    expect(state.integration.map((s) => s.status)).toEqual(INTEGRATION_STEPS.map(() => 'DONE'));
    expect(refusalType(decideMembership(state, { add: ['091'] }))).toBe(OnboardingRefusal.OUT_OF_ORDER);
  });

  it('refuses a withdrawal on the go-live day and once live', () => {
    const scheduled = assignRound(completeAutomaticSteps(signedUp(['186']), clock.nowIso), { name: 'Avaus', signingDeadline: '2024-03-15', goLiveDate: '2024-04-23' });
    expect(refusalType(decideWithdrawal(scheduled, { reason: 'r' }, { ...clock, today: '2024-04-22' }))).toBe('accepted');
    expect(refusalType(decideWithdrawal(scheduled, { reason: 'r' }, { ...clock, today: '2024-04-23' }))).toBe(OnboardingRefusal.OUT_OF_ORDER);
    expect(refusalType(decideWithdrawal(goLive(scheduled, clock.nowIso), { reason: 'r' }, clock))).toBe(OnboardingRefusal.OUT_OF_ORDER);
  });

  it('a withdrawn onboarding accepts nothing new but repeats harmlessly', () => {
    const withdrawn = next(decideWithdrawal(initialState(onboardingInput('kirkes', ['186'])), { reason: 'r' }, clock));
    expect(decideWithdrawal(withdrawn, { reason: 'r' }, clock)).toEqual({ next: withdrawn });
    expect(refusalType(decideSurvey(withdrawn, { municipalityCode: '186', answer: survey('a@b.fi') }, clock))).toBe(OnboardingRefusal.OUT_OF_ORDER);
  });

  it('a member arriving by a move keeps its answers; a changed member refuses the removal', () => {
    const source = signedUp(['186', '505']);
    const member = source.members[0];
    const target = initialState(onboardingInput('helmet', ['091']));
    const arrived = next(decideMembership(target, { add: ['186'], carried: [member] }));
    expect(arrived.members.find((m) => m.code === '186')).toEqual(member);
    expect(arrived.phase).toBe('SURVEY');
    // A carried member must be one of those added, and have answered before signing.
    expect(refusalType(decideMembership(target, { add: ['505'], carried: [member] }))).toBe(OnboardingRefusal.INVALID);
    expect(refusalType(decideMembership(target, { add: ['186'], carried: [{ ...member, surveyAnsweredAt: null }] }))).toBe(OnboardingRefusal.INVALID);
    // The removal names the member as the move read it.
    expect(next(decideMembership(source, { remove: ['186'], expected: [member] })).members.map((m) => m.code)).toEqual(['505']);
    expect(refusalType(decideMembership(source, { remove: ['186'], expected: [{ ...member, contactEmail: 'vanha@kunta.fi' }] }))).toBe(OnboardingRefusal.OUT_OF_ORDER);
  });

  it('leaves the state untouched when deciding', () => {
    const state = initialState(onboardingInput('kirkes', ['186']));
    const before = JSON.stringify(state);
    decideSurvey(state, { municipalityCode: '186', answer: survey('a@b.fi') }, clock);
    decideMembership(state, { add: ['505'] });
    decideWithdrawal(state, { reason: 'r' }, clock);
    expect(JSON.stringify(state)).toBe(before);
  });
});
