// The plain inputs the overview is computed from: PostgreSQL's facts (membership, population,
// joined) and Temporal's (each onboarding's phase and round). No framework types here.
import type { OnboardingState } from '../../workflows/onboarding/contract';
import type { MunicipalityView } from '../municipalities/municipalities.service';
import type { OverviewPhase } from './phases';

/** kunta: membership, population and go-live outcome, as PostgreSQL holds them (the API's own view). */
export type MunicipalityFacts = MunicipalityView;

/** kimppa */
export interface ConsortiumFacts {
  id: string;
  name: string;
}

/** liittymiskierros */
export interface RoundFacts {
  name: string;
  signingDeadline: string;
  goLiveDate: string;
}

/** One consortium's onboarding as Temporal visibility lists it (its typed search attributes). */
export interface OnboardingListing {
  consortiumId: string;
  phase: OverviewPhase;
  round: string | null;
}

export interface OverviewInputs {
  municipalities: MunicipalityFacts[];
  consortia: ConsortiumFacts[];
  rounds: RoundFacts[];
  onboardings: OnboardingListing[];
}

/** The answer of one onboarding's getOnboardingState query: the state, or why it could not be read. */
export type StateOutcome = { consortiumId: string; state: OnboardingState } | { consortiumId: string; error: string };

/** A count of municipalities with the population behind them. */
export interface Tally {
  municipalities: number;
  population: number;
  /** Share of Finland's population, percent with one decimal. */
  populationShare: number;
}

export function populationShare(population: number, total: number): number {
  return total === 0 ? 0 : Math.round((population / total) * 1000) / 10;
}

export function tally(members: readonly { population: number }[], totalPopulation: number): Tally {
  const population = members.reduce((sum, m) => sum + m.population, 0);
  return { municipalities: members.length, population, populationShare: populationShare(population, totalPopulation) };
}
