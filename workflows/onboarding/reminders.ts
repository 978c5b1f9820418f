// When reminders are due and to whom, as pure functions of the state, the rounds and the clock.
import { endOfHelsinkiDay } from './calendar';
import type { JoiningRoundInfo, OnboardingState } from './contract';
import type { ReminderRecipient } from './activities';
import { codeUnitOrder, NameOrder, nextSigningDeadline } from './rounds';

export interface ReminderTiming {
  intervalMs: number;
  beforeDeadlineMs: number;
}

export type DueReminder = { at: number; kind: 'INTERVAL' } | { at: number; kind: 'BEFORE_DEADLINE'; round: JoiningRoundInfo };

/** Starts the interval cadence, counted from now, unless it is already running (e.g. carried over). */
export function startReminders(state: OnboardingState, nowMs: number, timing: ReminderTiming): OnboardingState {
  if (state.reminders.nextAt !== null) return state;
  return { ...state, reminders: { ...state.reminders, nextAt: new Date(nowMs + timing.intervalMs).toISOString() } };
}

export function stopReminders(state: OnboardingState): OnboardingState {
  return state.reminders.nextAt === null ? state : { ...state, reminders: { ...state.reminders, nextAt: null } };
}

/**
 * The next reminder: the interval one, or the one `beforeDeadline` ahead of the next signing deadline
 * (at once if that moment has passed but the deadline has not), whichever comes first.
 */
export function nextReminder(
  state: OnboardingState,
  rounds: readonly JoiningRoundInfo[],
  timing: ReminderTiming,
  nowMs: number,
  order: NameOrder = codeUnitOrder,
): DueReminder {
  const nextAt = state.reminders.nextAt === null ? nowMs + timing.intervalMs : Date.parse(state.reminders.nextAt);
  const interval: DueReminder = { at: nextAt, kind: 'INTERVAL' };
  const round = nextSigningDeadline(rounds, nowMs, order);
  if (!round || state.reminders.deadlineRemindersFor.includes(round.name)) return interval;
  const at = Math.max(nowMs, endOfHelsinkiDay(round.signingDeadline) - timing.beforeDeadlineMs);
  return at < interval.at ? { at, kind: 'BEFORE_DEADLINE', round } : interval;
}

/** Every reminder restarts the interval, so that a deadline reminder is not followed by another at once. */
export function reminderSent(state: OnboardingState, due: DueReminder, nowMs: number, timing: ReminderTiming): OnboardingState {
  const passed = reminderPassed(state, due, nowMs, timing);
  return { ...passed, reminders: { ...passed.reminders, sent: state.reminders.sent + 1, lastSentAt: new Date(nowMs).toISOString() } };
}

/**
 * A reminder fell due with nobody to remind (a consortium without members): the cadence still advances,
 * or the same reminder would be due again at once, forever, within one workflow task.
 */
export function reminderPassed(state: OnboardingState, due: DueReminder, nowMs: number, timing: ReminderTiming): OnboardingState {
  const { reminders } = state;
  return {
    ...state,
    reminders: {
      ...reminders,
      nextAt: new Date(nowMs + timing.intervalMs).toISOString(),
      deadlineRemindersFor: due.kind === 'BEFORE_DEADLINE' ? [...reminders.deadlineRemindersFor, due.round.name] : reminders.deadlineRemindersFor,
    },
  };
}

/** Members whose survey answer or signature is missing, with the contact their survey gave (if any). */
export function reminderRecipients(state: OnboardingState): ReminderRecipient[] {
  return state.members
    .filter((m) => m.signedOn === null)
    .map((m) => ({
      municipalityCode: m.code,
      contactEmail: m.contactEmail,
      missing: m.surveyAnsweredAt === null ? ('SURVEY' as const) : ('SIGNATURE' as const),
      declinedToJoin: m.intendsToJoin === false,
    }));
}
