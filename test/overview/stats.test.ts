import { TypedSearchAttributes } from '@temporalio/common';
import { searchAttributes } from '../../workflows/onboarding/contract';
import { latestOnboardings } from '../../src/overview/onboarding-listing';
import { computeStats } from '../../src/overview/stats';
import { summariseSurvey } from '../../src/overview/survey';
import { inputs, outcomes } from './support/fixture';

const at = new Date('2024-05-02T10:00:00Z');
// Finland of the fixture: 1 460 000 residents
const tally = (municipalities: number, population: number, populationShare: number) => ({ municipalities, population, populationShare });

describe('computeStats', () => {
  const stats = computeStats(inputs, at);

  it('counts the joined municipalities and their share of the population, to one decimal', () => {
    expect(stats.generatedAt).toBe('2024-05-02T10:00:00.000Z');
    expect(stats.finland).toEqual({ municipalities: 8, population: 1_460_000 });
    expect(stats.joined).toEqual(tally(2, 900_000, 61.6));
  });

  it('counts consortia and municipalities per phase; no onboarding is NOT_STARTED, an unknown phase is UNKNOWN', () => {
    expect(stats.phases).toEqual([
      { phase: 'NOT_STARTED', consortia: 1, ...tally(1, 100_000, 6.8) },
      { phase: 'SURVEY', consortia: 1, ...tally(1, 200_000, 13.7) },
      { phase: 'SIGNATURES', consortia: 0, ...tally(0, 0, 0) },
      { phase: 'INTEGRATION', consortia: 0, ...tally(0, 0, 0) },
      { phase: 'SCHEDULED', consortia: 1, ...tally(2, 230_000, 15.8) },
      { phase: 'LIVE', consortia: 1, ...tally(2, 900_000, 61.6) },
      { phase: 'WITHDRAWN', consortia: 1, ...tally(1, 12_000, 0.8) },
      { phase: 'UNKNOWN', consortia: 1, ...tally(1, 18_000, 1.2) },
    ]);
  });

  it('lists the rounds by go-live date with what each brings and the coverage once it is live; a withdrawn consortium brings nothing', () => {
    expect(stats.rounds).toEqual([
      { name: '2024-opening', signingDeadline: '2024-03-15', goLiveDate: '2024-04-23', consortia: 1, ...tally(2, 900_000, 61.6), coveredAfter: tally(2, 900_000, 61.6) },
      { name: '2024-autumn', signingDeadline: '2024-08-31', goLiveDate: '2024-10-01', consortia: 1, ...tally(2, 230_000, 15.8), coveredAfter: tally(4, 1_130_000, 77.4) },
      { name: '2025-spring', signingDeadline: '2025-02-28', goLiveDate: '2025-04-01', consortia: 0, ...tally(0, 0, 0), coveredAfter: tally(4, 1_130_000, 77.4) },
    ]);
  });

  it('shows a round named by an onboarding but missing from the table, without dates, last', () => {
    const withStray = { ...inputs, onboardings: [...inputs.onboardings, { consortiumId: 'lastu', phase: 'SIGNATURES' as const, round: 'pilot' }] };
    expect(computeStats(withStray, at).rounds.at(-1)).toMatchObject({ name: 'pilot', goLiveDate: null, consortia: 1, municipalities: 1 });
  });
});

describe('summariseSurvey', () => {
  const survey = summariseSurvey(inputs, outcomes, at);

  it('counts who answered, who intends to join and who not, with the population behind each', () => {
    expect(survey.municipalities).toEqual({
      answered: tally(6, 1_142_000, 78.2),
      intendToJoin: tally(5, 1_130_000, 77.4),
      notJoining: tally(1, 12_000, 0.8),
      notAnswered: tally(1, 200_000, 13.7),
      notStarted: tally(1, 100_000, 6.8),
      unreadable: tally(1, 18_000, 1.2),
    });
    expect(survey.consortia).toEqual({ allAnswered: 3, partlyAnswered: 1, noneAnswered: 0, notStarted: 1, unreadable: 1 });
  });

  it('groups the desired schedules of those who intend to join, earliest first, keeping the answers as written', () => {
    expect(survey.schedules).toEqual([
      { key: 'FIRST_ROUND', kind: 'FIRST_ROUND', month: undefined, quarter: undefined, ...tally(2, 900_000, 61.6), texts: ['heti alussa', 'ensimmäinen kierros'] },
      { key: '2024-Q3', kind: 'QUARTER', month: undefined, quarter: '2024-Q3', ...tally(1, 200_000, 13.7), texts: ['Q3 2024'] },
      { key: '2024-09', kind: 'MONTH', month: '2024-09', quarter: undefined, ...tally(1, 30_000, 2.1), texts: ['syyskuu 2024'] },
      { key: 'LATER', kind: 'LATER', month: undefined, quarter: undefined, ...tally(1, 0, 0), texts: ['later'] },
    ]);
  });

  it('lists who has not answered per consortium, and reports a consortium whose state could not be read', () => {
    expect(survey.notAnswered).toEqual([
      {
        consortiumId: 'outi',
        consortiumName: 'OUTI',
        phase: 'SURVEY',
        population: 200_000,
        municipalities: [{ code: '564', nameFi: 'Oulu', nameSv: 'Uleåborg', population: 200_000 }],
      },
    ]);
    expect(survey.unreadable).toEqual([{ consortiumId: 'future', consortiumName: 'Future', error: 'Query timed out' }]);
  });
});

describe('latestOnboardings: Temporal visibility → one onboarding per consortium', () => {
  const listed = (workflowId: string, startTime: string, phase: string | undefined, consortiumId = workflowId.split(':')[1]) => ({
    workflowId,
    startTime: new Date(startTime),
    typedSearchAttributes: new TypedSearchAttributes([
      { key: searchAttributes.consortiumId, value: consortiumId },
      ...(phase ? [{ key: searchAttributes.onboardingPhase, value: phase }] : []),
      { key: searchAttributes.joiningRound, value: '2024-opening' },
    ]),
  });

  it('takes the latest run of a continued-as-new workflow and maps an unknown phase to UNKNOWN', () => {
    expect(
      latestOnboardings([
        listed('consortium-onboarding:vaski', '2024-01-01T00:00:00Z', 'SURVEY'),
        listed('consortium-onboarding:vaski', '2024-02-01T00:00:00Z', 'SIGNATURES'),
        listed('consortium-onboarding:outi', '2024-01-01T00:00:00Z', 'ARCHIVED'),
        listed('consortium-onboarding:lastu', '2024-01-01T00:00:00Z', undefined),
      ]),
    ).toEqual([
      { consortiumId: 'vaski', phase: 'SIGNATURES', round: '2024-opening' },
      { consortiumId: 'outi', phase: 'UNKNOWN', round: '2024-opening' },
      { consortiumId: 'lastu', phase: 'UNKNOWN', round: '2024-opening' },
    ]);
  });
});
