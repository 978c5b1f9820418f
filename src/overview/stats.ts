// The headline figures: municipalities and consortia per phase, who has joined, and what each joining
// round brings. Pure: computed from plain inputs, so every figure is unit-tested.
import { MunicipalityFacts, OnboardingListing, OverviewInputs, Tally, tally } from './model';
import { OVERVIEW_PHASES, OverviewPhase } from './phases';

export interface PhaseRow extends Tally {
  phase: OverviewPhase;
  consortia: number;
}

/** What goes live when: one joining round (liittymiskierros) and the consortia assigned to it. */
export interface RoundRow extends Tally {
  name: string;
  signingDeadline: string | null;
  goLiveDate: string | null;
  consortia: number;
  /** Finland's coverage once this round is live: joined by its go-live date, plus this and earlier rounds. */
  coveredAfter: Tally;
}

export interface OverviewStats {
  generatedAt: string;
  finland: { municipalities: number; population: number };
  /** Municipalities whose residents may use E-kirjasto (PostgreSQL's joined flag). */
  joined: Tally;
  phases: PhaseRow[];
  rounds: RoundRow[];
}

/** Each consortium's onboarding; a consortium without one has not started. */
export function phaseByConsortium(onboardings: readonly OnboardingListing[]): (consortiumId: string) => OverviewPhase {
  const phases = new Map(onboardings.map((o) => [o.consortiumId, o.phase]));
  return (consortiumId) => phases.get(consortiumId) ?? 'NOT_STARTED';
}

export function membersByConsortium(municipalities: readonly MunicipalityFacts[]): Map<string, MunicipalityFacts[]> {
  const members = new Map<string, MunicipalityFacts[]>();
  for (const m of municipalities) {
    const list = members.get(m.consortiumId);
    if (list) list.push(m);
    else members.set(m.consortiumId, [m]);
  }
  return members;
}

function roundRows(inputs: OverviewInputs, members: Map<string, MunicipalityFacts[]>, total: number): RoundRow[] {
  const known = new Map(inputs.rounds.map((r) => [r.name, r]));
  // A round named by an onboarding but missing from the table still shows, without dates.
  const names = new Set([...known.keys(), ...inputs.onboardings.flatMap((o) => (o.round ? [o.round] : []))]);
  const ordered = [...names]
    .map((name) => ({ name, signingDeadline: known.get(name)?.signingDeadline ?? null, goLiveDate: known.get(name)?.goLiveDate ?? null }))
    .sort((a, b) => (a.goLiveDate ?? '9999').localeCompare(b.goLiveDate ?? '9999') || a.name.localeCompare(b.name));

  const assigned = new Map<string, MunicipalityFacts>();
  return ordered.map((round) => {
    // A withdrawn consortium keeps its last round in Temporal but will not go live with it.
    const consortia = inputs.onboardings.filter((o) => o.round === round.name && o.phase !== 'WITHDRAWN');
    const inRound = consortia.flatMap((o) => members.get(o.consortiumId) ?? []);
    for (const m of inRound) assigned.set(m.code, m);
    // Joined by this round's go-live (a joined municipality without a date counts everywhere), plus
    // every consortium assigned to this round or an earlier one.
    const joinedBy = inputs.municipalities.filter(
      (m) => m.joined && (m.joinedAt === null || round.goLiveDate === null || m.joinedAt <= round.goLiveDate),
    );
    const covered = new Map([...joinedBy.map((m) => [m.code, m] as const), ...assigned]);
    return { ...round, consortia: consortia.length, ...tally(inRound, total), coveredAfter: tally([...covered.values()], total) };
  });
}

export function computeStats(inputs: OverviewInputs, generatedAt: Date): OverviewStats {
  const total = inputs.municipalities.reduce((sum, m) => sum + m.population, 0);
  const members = membersByConsortium(inputs.municipalities);
  const phaseOf = phaseByConsortium(inputs.onboardings);
  const phases = OVERVIEW_PHASES.map((phase) => {
    const consortia = inputs.consortia.filter((c) => phaseOf(c.id) === phase);
    return { phase, consortia: consortia.length, ...tally(consortia.flatMap((c) => members.get(c.id) ?? []), total) };
  });
  const joined = inputs.municipalities.filter((m) => m.joined);
  return {
    generatedAt: generatedAt.toISOString(),
    finland: { municipalities: inputs.municipalities.length, population: total },
    joined: tally(joined, total),
    phases,
    rounds: roundRows(inputs, members, total),
  };
}
