// The onboarding's rules as pure transitions: each staff action is decided here, returning either a
// refusal (which the update's validator throws) or the next state (which the handler commits).
import {
  ChangeMembershipRequest,
  CompleteIntegrationStepRequest,
  IsoDate,
  JoiningRoundInfo,
  MemberState,
  OnboardingInput,
  OnboardingPhase,
  OnboardingRefusal,
  OnboardingState,
  RecordSignatureRequest,
  RecordSurveyRequest,
  WithdrawRequest,
} from './contract';
import { isIsoDate } from './calendar';

/** The workflow's clock, read once per action. */
export interface Clock {
  nowIso: string;
  today: IsoDate;
}

export interface Refusal {
  type: (typeof OnboardingRefusal)[keyof typeof OnboardingRefusal];
  message: string;
}

export type Decision = { refused: Refusal } | { next: OnboardingState };

const MUNICIPALITY_CODE = /^\d{3}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const refuse = (type: Refusal['type'], message: string): Decision => ({ refused: { type, message } });
const outOfOrder = (message: string) => refuse(OnboardingRefusal.OUT_OF_ORDER, message);
const invalid = (message: string) => refuse(OnboardingRefusal.INVALID, message);
const unknown = (message: string) => refuse(OnboardingRefusal.UNKNOWN, message);

function newMember(code: string): MemberState {
  return { code, surveyAnsweredAt: null, intendsToJoin: null, desiredSchedule: null, contactEmail: null, signedOn: null, signatory: null };
}

export function initialState(input: OnboardingInput): OnboardingState {
  return {
    consortiumId: input.consortiumId,
    consortiumName: input.consortiumName,
    phase: 'SURVEY',
    members: input.memberCodes.map(newMember),
    integration: input.integrationSteps.map(({ step, automatic }) => ({ step, automatic, status: 'PENDING', completedAt: null })),
    round: null,
    goLiveDate: null,
    liveAt: null,
    withdrawnAt: null,
    withdrawalReason: null,
    reminders: { sent: 0, nextAt: null, lastSentAt: null, deadlineRemindersFor: [] },
  };
}

export const isClosed = (state: OnboardingState): boolean => state.phase === 'LIVE' || state.phase === 'WITHDRAWN';

/** Phases in which members' answers are still missing, and so reminders go out. */
export const isCollecting = (phase: OnboardingPhase): boolean => phase === 'SURVEY' || phase === 'SIGNATURES';

const isScheduledOrLater = (phase: OnboardingPhase): boolean => phase === 'SCHEDULED' || phase === 'LIVE' || phase === 'WITHDRAWN';

/**
 * Until a consortium is scheduled its phase follows from its data: a member added later sends it
 * back to SURVEY, a member removed may let it advance. From SCHEDULED on the phase only moves forward.
 */
function settle(state: OnboardingState): OnboardingState {
  if (isScheduledOrLater(state.phase)) return state;
  const phase: OnboardingPhase = state.members.some((m) => m.surveyAnsweredAt === null)
    ? 'SURVEY'
    : state.members.some((m) => m.signedOn === null)
      ? 'SIGNATURES'
      : state.integration.some((s) => s.status === 'PENDING')
        ? 'INTEGRATION'
        : 'SCHEDULED';
  return phase === state.phase ? state : { ...state, phase };
}

function withMember(state: OnboardingState, code: string, change: Partial<MemberState>): OnboardingState {
  return settle({ ...state, members: state.members.map((m) => (m.code === code ? { ...m, ...change } : m)) });
}

/** Common checks of an action about one member; the member when they pass. */
function member(state: OnboardingState, code: unknown): MemberState | Decision {
  if (typeof code !== 'string' || !MUNICIPALITY_CODE.test(code)) {
    return invalid(`"${String(code)}" is not a municipality code: expected 3 digits, e.g. "091".`);
  }
  const found = state.members.find((m) => m.code === code);
  if (!found) return unknown(`Municipality ${code} is not a member of consortium ${state.consortiumId}.`);
  return found;
}

const isDecision = (value: MemberState | Decision): value is Decision => 'refused' in value || 'next' in value;

function closedRefusal(state: OnboardingState): Decision | undefined {
  if (state.phase === 'LIVE') return outOfOrder(`Consortium ${state.consortiumId} is already live; its onboarding is over.`);
  if (state.phase === 'WITHDRAWN') return outOfOrder(`The onboarding of consortium ${state.consortiumId} was withdrawn.`);
  return undefined;
}

export function decideSurvey(state: OnboardingState, request: RecordSurveyRequest, clock: Clock): Decision {
  const m = member(state, request?.municipalityCode);
  if (isDecision(m)) return m;
  const answer = request.answer;
  if (typeof answer?.intendsToJoin !== 'boolean' || typeof answer.desiredSchedule !== 'string' || typeof answer.contactEmail !== 'string') {
    return invalid('A survey answer needs intendsToJoin (true or false), desiredSchedule (text) and contactEmail.');
  }
  if (!EMAIL.test(answer.contactEmail)) return invalid(`"${answer.contactEmail}" is not an email address.`);
  const same = m.intendsToJoin === answer.intendsToJoin && m.desiredSchedule === answer.desiredSchedule && m.contactEmail === answer.contactEmail;
  if (same) return { next: state };
  const closed = closedRefusal(state);
  if (closed) return closed;
  if (m.signedOn !== null) {
    return outOfOrder(`Municipality ${m.code} already signed the agreement on ${m.signedOn}; its survey answer can no longer change.`);
  }
  return {
    next: withMember(state, m.code, {
      surveyAnsweredAt: clock.nowIso,
      intendsToJoin: answer.intendsToJoin,
      desiredSchedule: answer.desiredSchedule,
      contactEmail: answer.contactEmail,
      ...(request.actor ? { surveyRecordedBy: request.actor } : {}),
    }),
  };
}

export function decideSignature(state: OnboardingState, request: RecordSignatureRequest, clock: Clock): Decision {
  const m = member(state, request?.municipalityCode);
  if (isDecision(m)) return m;
  const { signedOn, signatory } = request.signature ?? {};
  if (!isIsoDate(signedOn)) return invalid(`signedOn must be a date YYYY-MM-DD, got "${String(signedOn)}".`);
  if (typeof signatory !== 'string' || signatory.trim() === '') return invalid('The signatory is missing.');
  if (m.signedOn !== null) {
    if (m.signedOn === signedOn && m.signatory === signatory) return { next: state };
    return outOfOrder(`Municipality ${m.code} already signed on ${m.signedOn} (${m.signatory}); a signature cannot be replaced.`);
  }
  const closed = closedRefusal(state);
  if (closed) return closed;
  if (m.surveyAnsweredAt === null) {
    return outOfOrder(`Municipality ${m.code} has not answered the pre-survey; record its survey answer before its signature.`);
  }
  if (signedOn > clock.today) return invalid(`A signature cannot be dated in the future: ${signedOn} is after today (${clock.today}).`);
  // Signing the agreement is the decision to join, whatever the survey said.
  return { next: withMember(state, m.code, { signedOn, signatory, intendsToJoin: true, ...(request.actor ? { signatureRecordedBy: request.actor } : {}) }) };
}

export function decideIntegrationStep(state: OnboardingState, request: CompleteIntegrationStepRequest, clock: Clock): Decision {
  const index = state.integration.findIndex((s) => s.step === request?.step);
  if (index < 0) {
    return unknown(`"${String(request?.step)}" is not an integration step; the checklist is: ${state.integration.map((s) => s.step).join(', ')}.`);
  }
  const step = state.integration[index];
  if (step.status === 'DONE') return { next: state };
  const closed = closedRefusal(state);
  if (closed) return closed;
  if (step.automatic) return outOfOrder(`Step "${step.step}" is verified automatically; staff cannot confirm it.`);
  if (state.phase !== 'INTEGRATION') {
    return outOfOrder(`Integration starts once every member has signed; the consortium is in phase ${state.phase}.`);
  }
  const earlier = state.integration.slice(0, index).find((s) => !s.automatic && s.status === 'PENDING');
  if (earlier) return outOfOrder(`Step "${earlier.step}" comes before "${step.step}" and is not done yet.`);
  const recordedBy = request.actor ? { recordedBy: request.actor } : {};
  const integration = state.integration.map((s, i) => (i === index ? { ...s, status: 'DONE' as const, completedAt: clock.nowIso, ...recordedBy } : s));
  return { next: settle({ ...state, integration }) };
}

/** The library system answered: every automatic step is done. */
export function completeAutomaticSteps(state: OnboardingState, nowIso: string): OnboardingState {
  const integration = state.integration.map((s) => (s.automatic && s.status === 'PENDING' ? { ...s, status: 'DONE' as const, completedAt: nowIso } : s));
  return settle({ ...state, integration });
}

export function decideMembership(state: OnboardingState, request: ChangeMembershipRequest): Decision {
  const add = request?.add ?? [];
  const remove = request?.remove ?? [];
  if (!Array.isArray(add) || !Array.isArray(remove) || add.length + remove.length === 0) {
    return invalid('A membership change needs municipality codes to add or remove.');
  }
  const malformed = [...add, ...remove].find((code) => typeof code !== 'string' || !MUNICIPALITY_CODE.test(code));
  if (malformed !== undefined) return invalid(`"${String(malformed)}" is not a municipality code: expected 3 digits, e.g. "091".`);
  const both = add.find((code) => remove.includes(code));
  if (both) return invalid(`Municipality ${both} cannot be both added and removed.`);
  const carried = carriedMembers(request, add);
  if ('refused' in carried) return carried;
  if (isScheduledOrLater(state.phase)) {
    return outOfOrder(`The membership of consortium ${state.consortiumId} can no longer change: it is in phase ${state.phase}.`);
  }
  const codes = new Set(state.members.map((m) => m.code));
  const stranger = remove.find((code) => !codes.has(code));
  if (stranger) return unknown(`Municipality ${stranger} is not a member of consortium ${state.consortiumId}.`);
  const changed = (request.expected ?? []).find((e) => !sameMember(state.members.find((m) => m.code === e?.code), e));
  if (changed) return outOfOrder(`The answers of municipality ${changed.code} changed in consortium ${state.consortiumId} while it was being moved; try the move again.`);
  const kept = state.members.filter((m) => !remove.includes(m.code));
  if (kept.length === 0 && add.length === 0) {
    return invalid(`Consortium ${state.consortiumId} cannot lose its last member; withdraw the onboarding instead.`);
  }
  const added = [...new Set(add)].filter((code) => !codes.has(code));
  if (added.length === 0 && remove.length === 0) return { next: state };
  const arriving = added.map((code) => carried.members.get(code) ?? newMember(code));
  return { next: settle({ ...state, members: [...kept, ...arriving] }) };
}

const MEMBER_FIELDS = ['code', 'surveyAnsweredAt', 'intendsToJoin', 'desiredSchedule', 'contactEmail', 'signedOn', 'signatory'] as const;
/** Who recorded the answers travels with them (absent in members recorded before attribution). */
const ATTRIBUTION_FIELDS = ['surveyRecordedBy', 'signatureRecordedBy'] as const;

function sameMember(a: MemberState | undefined, b: MemberState | undefined): boolean {
  return a !== undefined && b !== undefined && MEMBER_FIELDS.every((field) => a[field] === b[field]);
}

/** The carried members of a move, by code; each must be one of `add` and shaped like a member. */
function carriedMembers(request: ChangeMembershipRequest, add: string[]): { members: Map<string, MemberState> } | { refused: Refusal } {
  const carried = request.carried ?? [];
  if (!Array.isArray(carried)) return { refused: { type: OnboardingRefusal.INVALID, message: 'carried must be a list of members.' } };
  const members = new Map<string, MemberState>();
  for (const m of carried) {
    const wellFormed =
      typeof m?.code === 'string' &&
      add.includes(m.code) &&
      (m.signedOn === null || isIsoDate(m.signedOn)) &&
      (m.signedOn === null || m.surveyAnsweredAt !== null);
    if (!wellFormed) return { refused: { type: OnboardingRefusal.INVALID, message: `A carried member must be one of the added municipalities, with a survey answer before any signature.` } };
    members.set(m.code, {
      ...newMember(m.code),
      ...Object.fromEntries(MEMBER_FIELDS.map((field) => [field, m[field] ?? null])),
      ...Object.fromEntries(ATTRIBUTION_FIELDS.filter((field) => m[field]).map((field) => [field, m[field]])),
    });
  }
  return { members };
}

export function decideWithdrawal(state: OnboardingState, request: WithdrawRequest, clock: Clock): Decision {
  if (typeof request?.reason !== 'string' || request.reason.trim() === '') return invalid('A withdrawal needs a reason.');
  if (state.phase === 'WITHDRAWN') return { next: state };
  if (state.phase === 'LIVE') return outOfOrder(`Consortium ${state.consortiumId} is already live; it cannot be withdrawn.`);
  if (state.goLiveDate !== null && state.goLiveDate <= clock.today) {
    return outOfOrder(`Consortium ${state.consortiumId} is going live today (${state.goLiveDate}); it cannot be withdrawn now.`);
  }
  const withdrawnBy = request.actor ? { withdrawnBy: request.actor } : {};
  return { next: { ...state, phase: 'WITHDRAWN', withdrawnAt: clock.nowIso, withdrawalReason: request.reason.trim(), ...withdrawnBy } };
}

export function assignRound(state: OnboardingState, round: JoiningRoundInfo | null): OnboardingState {
  return { ...state, round, goLiveDate: round?.goLiveDate ?? null };
}

export function goLive(state: OnboardingState, nowIso: string): OnboardingState {
  return { ...state, phase: 'LIVE', liveAt: nowIso };
}

/** The date of the consortium's last signature: the one a round's signing deadline must meet. */
export function lastSignedOn(state: OnboardingState): IsoDate {
  return state.members.reduce((last, m) => (m.signedOn !== null && m.signedOn > last ? m.signedOn : last), '');
}

export const signedCount = (state: OnboardingState): number => state.members.filter((m) => m.signedOn !== null).length;
