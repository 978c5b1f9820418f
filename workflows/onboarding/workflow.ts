// A consortium's onboarding, from the pre-survey to go-live: one long-running workflow per consortium.
// The rules live in state.ts (actions), reminders.ts and rounds.ts; this file orchestrates time,
// activities and Temporal's handlers.
import type { UpdateDefinition } from '@temporalio/common';
import { Duration, msToNumber } from '@temporalio/common/lib/time';
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  makeContinueAsNewFunc,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { OnboardingActivities } from './activities';
import { helsinkiDate, helsinkiMidnight } from './calendar';
import {
  changeMembership,
  ChangeMembershipRequest,
  completeIntegrationStep,
  getOnboardingState,
  JoiningRoundInfo,
  joiningRoundsChanged,
  OnboardingInput,
  OnboardingState,
  recordSignature,
  recordSurvey,
  searchAttributes,
  withdrawOnboarding,
} from './contract';
import {
  DueReminder,
  nextReminder,
  reminderPassed,
  reminderRecipients,
  reminderSent,
  ReminderTiming,
  startReminders,
  stopReminders,
} from './reminders';
import { codeUnitOrder, legacyLocaleOrder, NameOrder, nextSigningDeadline, selectRound } from './rounds';
import {
  assignRound,
  Clock,
  completeAutomaticSteps,
  Decision,
  decideIntegrationStep,
  decideMembership,
  decideSignature,
  decideSurvey,
  decideWithdrawal,
  goLive,
  initialState,
  isClosed,
  isCollecting,
  lastSignedOn,
  signedCount,
} from './state';

const { listJoiningRounds, markConsortiumJoined } = proxyActivities<OnboardingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

// A reminder that cannot be delivered within the hour is left in the outbox with its error: the
// cadence goes on rather than holding up the onboarding. Each message is claimed before it is sent and
// its SMTP time limits (activities/onboarding/outbox.ts) sit inside these timeouts, so an attempt that
// timed out cannot send what its retry sends.
const { sendReminder } = proxyActivities<OnboardingActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

// A library system may take weeks to come up: keep asking, at most hourly, for as long as it takes.
const { verifyLibrarySystem } = proxyActivities<OnboardingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

/** Rounds are re-read at least this often while a consortium waits in SCHEDULED (patch id below). */
const ROUND_RECHECK_MS = 24 * 3600 * 1000;
const DAILY_ROUND_RECHECK = 'daily-round-recheck';
/** The same daily re-read in SURVEY and SIGNATURES, so that a round whose announcement was lost still gets its reminder. */
const COLLECTING_ROUND_RECHECK = 'collecting-round-recheck';
/** Round names tie-break in code-unit order, not in the worker's locale (see rounds.ts). */
const DETERMINISTIC_ROUND_ORDER = 'deterministic-round-order';

function roundOrder(): NameOrder {
  return patched(DETERMINISTIC_ROUND_ORDER) ? codeUnitOrder : legacyLocaleOrder;
}

function clock(): Clock {
  const now = Date.now();
  return { nowIso: new Date(now).toISOString(), today: helsinkiDate(now) };
}

function decided(decision: Decision): OnboardingState {
  if ('refused' in decision) {
    throw ApplicationFailure.create({ type: decision.refused.type, message: decision.refused.message, nonRetryable: true });
  }
  return decision.next;
}

export async function consortiumOnboarding(input: OnboardingInput): Promise<OnboardingState> {
  const timing: ReminderTiming = {
    intervalMs: msToNumber(input.reminders.interval as Duration),
    beforeDeadlineMs: msToNumber(input.reminders.beforeDeadline as Duration),
  };
  let state = input.carriedState ?? initialState(input);

  // Cancelled by a withdrawal: every timer, wait and activity of the lifecycle stops with it.
  const lifecycle = new CancellationScope();
  let published = '';

  function commit(next: OnboardingState): void {
    if (next === state) return;
    if (next.phase !== state.phase) log.info('Onboarding phase changed', { from: state.phase, to: next.phase });
    state = next;
    publishSearchAttributes();
    if (state.phase === 'WITHDRAWN') lifecycle.cancel();
  }

  function publishSearchAttributes(): void {
    const values = { phase: state.phase, round: state.round?.name ?? null, signed: signedCount(state), members: state.members.length };
    const key = JSON.stringify(values);
    if (key === published) return;
    published = key;
    upsertSearchAttributes([
      { key: searchAttributes.consortiumId, value: state.consortiumId },
      { key: searchAttributes.onboardingPhase, value: values.phase },
      { key: searchAttributes.joiningRound, value: values.round },
      { key: searchAttributes.signedCount, value: values.signed },
      { key: searchAttributes.memberCount, value: values.members },
    ]);
  }

  /** A staff action: the validator refuses synchronously, the handler commits the same decision. */
  function onAction<Request>(update: UpdateDefinition<OnboardingState, [Request]>, decide: (s: OnboardingState, r: Request, c: Clock) => Decision) {
    setHandler(
      update,
      (request: Request) => {
        commit(decided(decide(state, request, clock())));
        return state;
      },
      { validator: (request: Request) => void decided(decide(state, request, clock())) },
    );
  }

  // Rounds are re-read when a signal says they changed; a signal during a read asks for another read.
  let rounds: JoiningRoundInfo[] = [];
  let roundsWanted = 1;
  let roundsRead = 0;
  const roundsStale = () => roundsRead < roundsWanted;
  async function freshRounds(): Promise<JoiningRoundInfo[]> {
    while (roundsStale()) {
      const wanted = roundsWanted;
      rounds = await listJoiningRounds();
      roundsRead = wanted;
    }
    return rounds;
  }

  function continueAsNewDue(): boolean {
    const info = workflowInfo();
    const limit = input.continueAsNewAfterEvents;
    return info.continueAsNewSuggested || (limit !== undefined && info.historyLength >= limit);
  }

  async function continueWithState(): Promise<never> {
    await condition(allHandlersFinished);
    const { memo, typedSearchAttributes } = workflowInfo();
    const continueAsNew = makeContinueAsNewFunc<typeof consortiumOnboarding>({ memo, typedSearchAttributes });
    return continueAsNew({ ...input, memberCodes: state.members.map((m) => m.code), carriedState: state });
  }

  async function remind(due: DueReminder): Promise<void> {
    const recipients = reminderRecipients(state);
    const now = Date.now();
    if (recipients.length === 0) {
      commit(reminderPassed(state, due, now, timing));
      return;
    }
    const sequence = state.reminders.sent + 1;
    const deadline = due.kind === 'BEFORE_DEADLINE' ? due.round : nextSigningDeadline(rounds, now, roundOrder());
    try {
      await sendReminder({
        workflowId: workflowInfo().workflowId,
        sequence,
        consortiumId: state.consortiumId,
        consortiumName: state.consortiumName,
        kind: due.kind,
        remindedAt: new Date(now).toISOString(),
        deadline: deadline ? { roundName: deadline.name, signingDeadline: deadline.signingDeadline } : null,
        recipients,
      });
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn('Reminder not delivered within its time; the outbox keeps the error', { sequence, error: String(err) });
    }
    commit(reminderSent(state, due, now, timing));
  }

  /**
   * SURVEY and SIGNATURES: wait for the members, reminding those whose answer is missing. The rounds
   * are re-read at least daily (a lost announcement must not cost the before-deadline reminder).
   */
  async function collectAnswers(): Promise<void> {
    commit(startReminders(state, Date.now(), timing));
    const interrupted = () => !isCollecting(state.phase) || roundsStale() || continueAsNewDue();
    while (isCollecting(state.phase) && !continueAsNewDue()) {
      const due = nextReminder(state, await freshRounds(), timing, Date.now(), roundOrder());
      const waitMs = due.at - Date.now();
      if (waitMs > 0) {
        const sleepMs = patched(COLLECTING_ROUND_RECHECK) ? Math.min(waitMs, ROUND_RECHECK_MS) : waitMs;
        if (await condition(interrupted, sleepMs)) continue;
        if (sleepMs < waitMs) {
          roundsWanted += 1;
          continue;
        }
      }
      await remind(due);
    }
    if (!isCollecting(state.phase)) commit(stopReminders(state));
  }

  let verification: Promise<void> | undefined;
  /** Automatic steps run in the background from the start of INTEGRATION until they pass. */
  function startVerification(): void {
    if (verification || !state.integration.some((s) => s.automatic && s.status === 'PENDING')) return;
    verification = verifyLibrarySystem(state.consortiumId).then(
      () => commit(completeAutomaticSteps(state, new Date().toISOString())),
      (err) => {
        if (!isCancellation(err)) throw err;
      },
    );
  }

  async function integrate(): Promise<void> {
    startVerification();
    await condition(() => state.phase !== 'INTEGRATION' || continueAsNewDue());
  }

  /**
   * SCHEDULED: take a round and wait for its go-live; a changed round list means choosing again. The
   * list is also re-read daily, so that a round whose signal was lost (Temporal briefly unreachable
   * when staff added it) is still found.
   */
  async function awaitGoLive(): Promise<void> {
    const known = await freshRounds();
    const now = Date.now();
    const round = selectRound(known, lastSignedOn(state), helsinkiDate(now), roundOrder());
    commit(assignRound(state, round));
    const interrupted = () => roundsStale() || continueAsNewDue();
    const recheck = patched(DAILY_ROUND_RECHECK);
    const untilGoLive = round === null ? Number.POSITIVE_INFINITY : helsinkiMidnight(round.goLiveDate) - now;
    const waitMs = recheck ? Math.min(untilGoLive, ROUND_RECHECK_MS) : untilGoLive;
    if (waitMs === Number.POSITIVE_INFINITY) {
      await condition(interrupted);
      return;
    }
    if (waitMs > 0 && (await condition(interrupted, waitMs))) return;
    if (waitMs < untilGoLive) {
      roundsWanted += 1;
      return;
    }
    if (round === null) return;
    await markConsortiumJoined({
      consortiumId: state.consortiumId,
      municipalityCodes: state.members.map((m) => m.code),
      joinedOn: round.goLiveDate,
    });
    commit(goLive(state, new Date().toISOString()));
  }

  async function runLifecycle(): Promise<void> {
    while (!isClosed(state)) {
      if (continueAsNewDue()) await continueWithState();
      if (isCollecting(state.phase)) await collectAnswers();
      else if (state.phase === 'INTEGRATION') await integrate();
      else await awaitGoLive();
    }
  }

  setHandler(getOnboardingState, () => state);
  setHandler(joiningRoundsChanged, () => {
    roundsWanted += 1;
  });
  onAction(recordSurvey, decideSurvey);
  onAction(recordSignature, decideSignature);
  onAction(completeIntegrationStep, decideIntegrationStep);
  onAction(changeMembership, (s, request: ChangeMembershipRequest) => decideMembership(s, request));
  onAction(withdrawOnboarding, decideWithdrawal);

  // The API sets a few search attributes at start; a carried-over run or an older start gets them all.
  publishSearchAttributes();
  try {
    await lifecycle.run(runLifecycle);
  } catch (err) {
    if (!(isCancellation(err) && state.phase === 'WITHDRAWN')) throw err;
  }
  await condition(allHandlersFinished);
  return state;
}
