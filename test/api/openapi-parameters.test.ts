// The parameter checks the API derives from its OpenAPI document (src/http/parameters.ts).
import { isDateTime } from '../../src/http/dto-validators';
import type { SchemaObject } from '../../src/http/openapi-schemas';
import { parameterProblem } from '../../src/http/parameters';

describe('parameterProblem', () => {
  it('keeps to an enum', () => {
    const lang: SchemaObject = { type: 'string', enum: ['fi', 'sv', 'en'] };
    expect(parameterProblem(lang, 'sv')).toBeUndefined();
    expect(parameterProblem(lang, '')).toBe('must be one of fi, sv, en');
    expect(parameterProblem(lang, 'FI')).toBe('must be one of fi, sv, en');
  });

  it("keeps to the document's pattern, and says what the parameter is when it is described", () => {
    const code: SchemaObject = { type: 'string', pattern: '^[0-9]{3}$' };
    expect(parameterProblem(code, '091')).toBeUndefined();
    for (const bad of ['91', '0911', '09a', '０９１', '091\n']) expect([bad, parameterProblem(code, bad)]).toEqual([bad, 'must match ^[0-9]{3}$']);
    expect(parameterProblem(code, '9', 'Municipality code, three digits')).toBe('is not valid: it must be a municipality code, three digits');
  });

  it('takes any alternative of anyOf, and names them all when none fits', () => {
    const instant: SchemaObject = { anyOf: [{ type: 'string', format: 'date' }, { type: 'string', format: 'date-time' }] };
    expect(parameterProblem(instant, '2024-02-29')).toBeUndefined();
    expect(parameterProblem(instant, '2024-04-23T10:00:00.123+03:00')).toBeUndefined();
    expect(parameterProblem(instant, '2023-02-29')).toBe('must be a date written YYYY-MM-DD, or must be a date and time such as 2024-04-23T10:00:00Z');
  });

  it('counts lengths in characters, not UTF-16 units', () => {
    expect(parameterProblem({ type: 'string', maxLength: 2 }, '😀😀')).toBeUndefined();
    expect(parameterProblem({ type: 'string', maxLength: 2 }, '😀😀😀')).toBe('must be at most 2 characters');
    expect(parameterProblem({ type: 'string', minLength: 1 }, '')).toBe('must be at least 1 character');
  });

  it('reads whole numbers and booleans', () => {
    expect(parameterProblem({ type: 'integer' }, '-12')).toBeUndefined();
    expect(parameterProblem({ type: 'integer' }, '1.5')).toBe('must be a whole number');
    expect(parameterProblem({ type: 'boolean' }, 'yes')).toBe('must be true or false');
  });
});

describe('isDateTime (format: date-time)', () => {
  it.each(['2024-04-23T10:00:00Z', '2024-04-23t10:00:00z', '0001-01-01T00:00:00+14:00', '2024-12-31T23:59:59.999999-05:30'])('takes %s', (value) => {
    expect(isDateTime(value)).toBe(true);
  });
  it.each(['2024-04-23', '2024-04-23T10:00:00', '2024-04-23T24:00:00Z', '2024-02-30T10:00:00Z', '2024-04-23T10:00:60Z', '2024-04-23T10:00:00+25:00', ' 2024-04-23T10:00:00Z'])(
    'refuses %s',
    (value) => {
      expect(isDateTime(value)).toBe(false);
    },
  );
});
