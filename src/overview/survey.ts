// The pre-survey (ennakkokysely) across all onboardings: who answered, who intends to join and when,
// and who has not answered yet. Pure: computed from the onboardings' states and PostgreSQL's facts.
import type { MemberState } from '../../workflows/onboarding/contract';
import { ScheduleKind, structureDesiredSchedule } from './desired-schedule';
import { MunicipalityFacts, OverviewInputs, StateOutcome, Tally, tally } from './model';
import type { OverviewPhase } from './phases';
import { membersByConsortium, phaseByConsortium } from './stats';

export interface MunicipalityRef {
  code: string;
  nameFi: string;
  nameSv: string;
  population: number;
}

/** Everyone who intends to join with the same (structured) desired schedule. */
export interface ScheduleGroup extends Tally {
  /** `FIRST_ROUND`, `2024-04`, `2024-Q3`, `LATER` or `UNSPECIFIED` */
  key: string;
  kind: ScheduleKind;
  month?: string;
  quarter?: string;
  /** The answers as written, each once. */
  texts: string[];
}

export interface UnansweredConsortium {
  consortiumId: string;
  consortiumName: string;
  phase: OverviewPhase;
  population: number;
  municipalities: MunicipalityRef[];
}

export interface SurveySummary {
  generatedAt: string;
  municipalities: {
    answered: Tally;
    intendToJoin: Tally;
    notJoining: Tally;
    notAnswered: Tally;
    /** In consortia whose onboarding (and so its survey) has not started. */
    notStarted: Tally;
    /** In consortia whose onboarding state could not be read just now. */
    unreadable: Tally;
  };
  consortia: { allAnswered: number; partlyAnswered: number; noneAnswered: number; notStarted: number; unreadable: number };
  /** Of the municipalities that intend to join, earliest wish first. */
  schedules: ScheduleGroup[];
  notAnswered: UnansweredConsortium[];
  unreadable: { consortiumId: string; consortiumName: string; error: string }[];
}

interface Answer {
  member: MemberState;
  municipality: MunicipalityRef;
}

/** FIRST_ROUND, then months and quarters by their first month (a month before its quarter), LATER, UNSPECIFIED. */
function scheduleOrder(group: ScheduleGroup): string {
  if (group.kind === 'FIRST_ROUND') return '0';
  if (group.month) return `1 ${group.month}-a`;
  if (group.quarter) {
    const [year, q] = group.quarter.split('-Q');
    return `1 ${year}-${String(Number(q) * 3 - 2).padStart(2, '0')}-b`;
  }
  return group.kind === 'LATER' ? '2' : '3';
}

function groupSchedules(intending: Answer[], total: number): ScheduleGroup[] {
  const groups = new Map<string, { kind: ScheduleKind; month?: string; quarter?: string; members: Answer[] }>();
  for (const answer of intending) {
    const schedule = structureDesiredSchedule(answer.member.desiredSchedule, answer.member.surveyAnsweredAt ?? undefined);
    const key = schedule.month ?? schedule.quarter ?? schedule.kind;
    const group = groups.get(key) ?? { kind: schedule.kind, month: schedule.month, quarter: schedule.quarter, members: [] };
    group.members.push(answer);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .map(([key, { members, ...schedule }]) => ({
      key,
      ...schedule,
      ...tally(members.map((a) => a.municipality), total),
      texts: [...new Set(members.map((a) => (a.member.desiredSchedule ?? '').trim()).filter((t) => t !== ''))],
    }))
    .sort((a, b) => scheduleOrder(a).localeCompare(scheduleOrder(b)));
}

export function summariseSurvey(inputs: OverviewInputs, outcomes: readonly StateOutcome[], generatedAt: Date): SurveySummary {
  const total = inputs.municipalities.reduce((sum, m) => sum + m.population, 0);
  const byCode = new Map(inputs.municipalities.map((m) => [m.code, m]));
  const names = new Map(inputs.consortia.map((c) => [c.id, c.name]));
  const members = membersByConsortium(inputs.municipalities);
  const phaseOf = phaseByConsortium(inputs.onboardings);
  // A member the workflow knows but PostgreSQL does not (yet) still counts, with no population.
  const ref = (code: string): MunicipalityRef => {
    const m = byCode.get(code);
    return m ? { code, nameFi: m.nameFi, nameSv: m.nameSv, population: m.population } : { code, nameFi: code, nameSv: code, population: 0 };
  };

  const answered: Answer[] = [];
  const notAnswered: UnansweredConsortium[] = [];
  const unreadable: SurveySummary['unreadable'] = [];
  const unreadableMembers: MunicipalityFacts[] = [];
  const consortia = { allAnswered: 0, partlyAnswered: 0, noneAnswered: 0, notStarted: 0, unreadable: 0 };
  for (const outcome of outcomes) {
    const consortiumName = names.get(outcome.consortiumId) ?? outcome.consortiumId;
    if ('error' in outcome) {
      unreadable.push({ consortiumId: outcome.consortiumId, consortiumName, error: outcome.error });
      unreadableMembers.push(...(members.get(outcome.consortiumId) ?? []));
      continue;
    }
    const answers = outcome.state.members.map((member) => ({ member, municipality: ref(member.code) }));
    const missing = answers.filter((a) => a.member.surveyAnsweredAt === null);
    answered.push(...answers.filter((a) => a.member.surveyAnsweredAt !== null));
    if (missing.length === 0) consortia.allAnswered++;
    else if (missing.length === answers.length) consortia.noneAnswered++;
    else consortia.partlyAnswered++;
    if (missing.length > 0) {
      const municipalities = missing.map((a) => a.municipality);
      notAnswered.push({
        consortiumId: outcome.consortiumId,
        consortiumName,
        phase: phaseOf(outcome.consortiumId),
        population: tally(municipalities, total).population,
        municipalities,
      });
    }
  }
  consortia.unreadable = unreadable.length;
  const started = new Set(outcomes.map((o) => o.consortiumId));
  const notStarted = inputs.consortia.filter((c) => !started.has(c.id));
  consortia.notStarted = notStarted.length;

  const intending = answered.filter((a) => a.member.intendsToJoin === true);
  return {
    generatedAt: generatedAt.toISOString(),
    municipalities: {
      answered: tally(answered.map((a) => a.municipality), total),
      intendToJoin: tally(intending.map((a) => a.municipality), total),
      notJoining: tally(answered.filter((a) => a.member.intendsToJoin === false).map((a) => a.municipality), total),
      notAnswered: tally(notAnswered.flatMap((c) => c.municipalities), total),
      notStarted: tally(notStarted.flatMap((c) => members.get(c.id) ?? []), total),
      unreadable: tally(unreadableMembers, total),
    },
    consortia,
    schedules: groupSchedules(intending, total),
    notAnswered: notAnswered.sort((a, b) => b.population - a.population),
    unreadable,
  };
}
