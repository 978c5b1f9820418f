// A small, known Finland for the overview's pure computations: eight municipalities in six consortia,
// one in each interesting situation.
import type { MemberState, OnboardingPhase, OnboardingState } from '../../../workflows/onboarding/contract';
import type { OverviewInputs, StateOutcome } from '../../../src/overview/model';
import { initialState } from '../../../workflows/onboarding/state';

export const inputs: OverviewInputs = {
  municipalities: [
    { code: '049', nameFi: 'Espoo', nameSv: 'Esbo', population: 300_000, consortiumId: 'helmet', joined: true, joinedAt: '2024-04-23' },
    { code: '091', nameFi: 'Helsinki', nameSv: 'Helsingfors', population: 600_000, consortiumId: 'helmet', joined: true, joinedAt: '2024-04-23' },
    { code: '111', nameFi: 'Heinola', nameSv: 'Heinola', population: 18_000, consortiumId: 'future', joined: false, joinedAt: null },
    { code: '202', nameFi: 'Kaarina', nameSv: 'S:t Karins', population: 30_000, consortiumId: 'vaski', joined: false, joinedAt: null },
    { code: '398', nameFi: 'Lahti', nameSv: 'Lahtis', population: 100_000, consortiumId: 'lastu', joined: false, joinedAt: null },
    { code: '478', nameFi: 'Maarianhamina', nameSv: 'Mariehamn', population: 12_000, consortiumId: 'bibliotek-ax', joined: false, joinedAt: null },
    { code: '564', nameFi: 'Oulu', nameSv: 'Uleåborg', population: 200_000, consortiumId: 'outi', joined: false, joinedAt: null },
    { code: '853', nameFi: 'Turku', nameSv: 'Åbo', population: 200_000, consortiumId: 'vaski', joined: false, joinedAt: null },
  ],
  consortia: [
    { id: 'bibliotek-ax', name: 'Ålands bibliotek' },
    { id: 'future', name: 'Future' },
    { id: 'helmet', name: 'Helmet' },
    { id: 'lastu', name: 'Lastu' },
    { id: 'outi', name: 'OUTI' },
    { id: 'vaski', name: 'Vaski' },
  ],
  rounds: [
    { name: '2025-spring', signingDeadline: '2025-02-28', goLiveDate: '2025-04-01' },
    { name: '2024-opening', signingDeadline: '2024-03-15', goLiveDate: '2024-04-23' },
    { name: '2024-autumn', signingDeadline: '2024-08-31', goLiveDate: '2024-10-01' },
  ],
  onboardings: [
    { consortiumId: 'helmet', phase: 'LIVE', round: '2024-opening' },
    { consortiumId: 'vaski', phase: 'SCHEDULED', round: '2024-autumn' },
    { consortiumId: 'outi', phase: 'SURVEY', round: null },
    { consortiumId: 'bibliotek-ax', phase: 'WITHDRAWN', round: '2024-autumn' },
    { consortiumId: 'future', phase: 'UNKNOWN', round: null },
  ],
};

export function member(code: string, answer?: { intendsToJoin: boolean; desiredSchedule: string }): MemberState {
  return {
    code,
    surveyAnsweredAt: answer ? '2024-02-01T09:00:00Z' : null,
    intendsToJoin: answer?.intendsToJoin ?? null,
    desiredSchedule: answer?.desiredSchedule ?? null,
    contactEmail: answer ? `kirjasto@${code}.example` : null,
    signedOn: null,
    signatory: null,
  };
}

export function onboardingState(consortiumId: string, phase: OnboardingPhase, members: MemberState[]): OnboardingState {
  const start = initialState({
    consortiumId,
    consortiumName: consortiumId,
    memberCodes: [],
    integrationSteps: [],
    reminders: { interval: '7 days', beforeDeadline: '3 days' },
  });
  return { ...start, phase, members };
}

export const outcomes: StateOutcome[] = [
  {
    consortiumId: 'helmet',
    state: onboardingState('helmet', 'LIVE', [
      member('049', { intendsToJoin: true, desiredSchedule: 'heti alussa' }),
      member('091', { intendsToJoin: true, desiredSchedule: 'ensimmäinen kierros' }),
    ]),
  },
  {
    consortiumId: 'vaski',
    state: onboardingState('vaski', 'SCHEDULED', [
      member('202', { intendsToJoin: true, desiredSchedule: 'syyskuu 2024' }),
      member('853', { intendsToJoin: true, desiredSchedule: 'Q3 2024' }),
    ]),
  },
  {
    consortiumId: 'outi',
    // 000: a member the workflow knows and PostgreSQL does not (yet)
    state: onboardingState('outi', 'SURVEY', [member('000', { intendsToJoin: true, desiredSchedule: 'later' }), member('564')]),
  },
  {
    consortiumId: 'bibliotek-ax',
    state: onboardingState('bibliotek-ax', 'WITHDRAWN', [member('478', { intendsToJoin: false, desiredSchedule: '' })]),
  },
  { consortiumId: 'future', error: 'Query timed out' },
];
