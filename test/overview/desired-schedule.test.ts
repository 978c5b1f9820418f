import { structureDesiredSchedule } from '../../src/overview/desired-schedule';

describe('structureDesiredSchedule: the pre-survey desired schedule, read from free text', () => {
  it.each([
    // first round (ensimmäinen kierros / första omgången)
    ['ensimmäinen kierros', 'FIRST_ROUND', undefined],
    ['Ensimmäisellä kierroksella', 'FIRST_ROUND', undefined],
    ['heti alussa', 'FIRST_ROUND', undefined],
    ['Heti avauksessa 23.4.2024', 'FIRST_ROUND', undefined],
    ['första omgången', 'FIRST_ROUND', undefined],
    ['I första omgången', 'FIRST_ROUND', undefined],
    ['first round', 'FIRST_ROUND', undefined],
    ['As soon as possible', 'FIRST_ROUND', undefined],
    // months
    ['huhtikuu 2024', 'MONTH', '2024-04'],
    ['huhtikuussa 2024', 'MONTH', '2024-04'],
    ['syyskuun 2024 aikana', 'MONTH', '2024-09'],
    ['4/2024', 'MONTH', '2024-04'],
    ['04/2024', 'MONTH', '2024-04'],
    ['1.9.2024 alkaen', 'MONTH', '2024-09'],
    ['2024-10', 'MONTH', '2024-10'],
    ['i april 2024', 'MONTH', '2024-04'],
    ['September 2024', 'MONTH', '2024-09'],
    ['May 2025', 'MONTH', '2025-05'],
    ['marraskuu 2024', 'MONTH', '2024-11'],
    // quarters, seasons and parts of a year
    ['Q3 2024', 'QUARTER', '2024-Q3'],
    ['2024 Q4', 'QUARTER', '2024-Q4'],
    ['Q1/2025', 'QUARTER', '2025-Q1'],
    ['3. neljännes 2024', 'QUARTER', '2024-Q3'],
    ['kolmas vuosineljännes 2024', 'QUARTER', '2024-Q3'],
    ['tredje kvartalet 2024', 'QUARTER', '2024-Q3'],
    ['3rd quarter of 2024', 'QUARTER', '2024-Q3'],
    ['kevät 2025', 'QUARTER', '2025-Q2'],
    ['keväällä 2025', 'QUARTER', '2025-Q2'],
    ['hösten 2024', 'QUARTER', '2024-Q4'],
    ['syksyllä 2024', 'QUARTER', '2024-Q4'],
    ['summer 2025', 'QUARTER', '2025-Q3'],
    ['loppuvuodesta 2024', 'QUARTER', '2024-Q4'],
    ['early 2025', 'QUARTER', '2025-Q1'],
    // later
    ['later', 'LATER', undefined],
    ['myöhemmin', 'LATER', undefined],
    ['Myöhemmällä kierroksella', 'LATER', undefined],
    ['toisella kierroksella', 'LATER', undefined],
    ['senare', 'LATER', undefined],
    ['nästa omgång', 'LATER', undefined],
    ['ei ensimmäisellä kierroksella', 'LATER', undefined],
    ['not in the first round', 'LATER', undefined],
    // nothing to go on
    ['', 'UNSPECIFIED', undefined],
    ['   ', 'UNSPECIFIED', undefined],
    ['en osaa sanoa', 'UNSPECIFIED', undefined],
    ['vet ej', 'UNSPECIFIED', undefined],
    ['2025', 'UNSPECIFIED', undefined],
    ['we may join, in any case', 'UNSPECIFIED', undefined],
    ['i alla fall', 'UNSPECIFIED', undefined],
    ['13/2024', 'UNSPECIFIED', undefined],
  ])('%j → %s %s', (text, kind, period) => {
    const result = structureDesiredSchedule(text);
    expect(result.kind).toBe(kind);
    expect(result.month ?? result.quarter).toBe(period);
    expect(result.text).toBe(text);
  });

  it('takes a month or season without a year from the day the survey was answered', () => {
    expect(structureDesiredSchedule('huhtikuussa', '2024-01-15T10:00:00Z')).toMatchObject({ kind: 'MONTH', month: '2024-04' });
    expect(structureDesiredSchedule('huhtikuussa', '2024-06-15T10:00:00Z')).toMatchObject({ kind: 'MONTH', month: '2025-04' });
    expect(structureDesiredSchedule('syksyllä', '2024-02-01T08:00:00Z')).toMatchObject({ kind: 'QUARTER', quarter: '2024-Q4' });
    expect(structureDesiredSchedule('huhtikuussa')).toMatchObject({ kind: 'UNSPECIFIED', text: 'huhtikuussa' });
  });

  it('keeps the original text, null included', () => {
    expect(structureDesiredSchedule('  Q3 2024 ')).toEqual({ kind: 'QUARTER', quarter: '2024-Q3', text: '  Q3 2024 ' });
    expect(structureDesiredSchedule(null)).toEqual({ kind: 'UNSPECIFIED', text: '' });
  });
});
