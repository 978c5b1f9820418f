// Where a consortium (and each of its municipalities) stands in joining, as the overview shows it.
import { ONBOARDING_PHASES } from '../../workflows/onboarding/contract';

/**
 * The onboarding phases plus NOT_STARTED (no onboarding workflow yet) and UNKNOWN (a phase this
 * version does not know, e.g. written by a newer workflow): an unknown value is never counted or
 * drawn as another phase.
 */
export const OVERVIEW_PHASES = ['NOT_STARTED', ...ONBOARDING_PHASES, 'UNKNOWN'] as const;
export type OverviewPhase = (typeof OVERVIEW_PHASES)[number];

export function toOverviewPhase(value: string | null | undefined): OverviewPhase {
  return (OVERVIEW_PHASES as readonly (string | null | undefined)[]).includes(value) ? (value as OverviewPhase) : 'UNKNOWN';
}
