// Okabe–Ito colours, told apart by readers with any common colour-vision deficiency. LIVE is the
// darkest and most saturated colour, SCHEDULED its light companion; phases not yet begun are a quiet
// light grey, and a phase this version does not know is a neutral mid grey: never live's colour.
import type { OverviewPhase } from '../phases';

export const PHASE_COLOURS: Record<OverviewPhase, string> = {
  NOT_STARTED: '#e4e4e4',
  SURVEY: '#f0e442',
  SIGNATURES: '#e69f00',
  INTEGRATION: '#cc79a7',
  SCHEDULED: '#56b4e9',
  LIVE: '#0072b2',
  WITHDRAWN: '#d55e00',
  UNKNOWN: '#9a9a9a',
};

