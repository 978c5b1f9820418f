// Example people of a given kind, so tests, the benchmark and people at a terminal need not know
// the synthetic population by heart.
import { ageOn, type CalendarDate } from '../../workflows/eligibility/identity-code';
import { hasFinnishHomeMunicipality } from '../../workflows/eligibility/rules';
import type { IndexedPerson, PopulationPerson } from './population';

export const SAMPLE_KINDS = ['adult', 'child', 'deceased', 'nonDisclosure', 'noHomeMunicipality', 'guardian'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

export interface SampleQuery {
  kind: SampleKind;
  municipalityCode?: string;
  minAge?: number;
  maxAge?: number;
  limit: number;
}

export const MAX_SAMPLE = 1000;

export class SampleQueryError extends Error {
  override name = 'SampleQueryError';
}

export function readSampleQuery(params: URLSearchParams): SampleQuery {
  const kind = params.get('kind');
  if (!SAMPLE_KINDS.includes(kind as SampleKind)) {
    throw new SampleQueryError(`kind must be one of ${SAMPLE_KINDS.join(', ')}`);
  }
  const whole = (name: string, min: number, max: number): number | undefined => {
    const text = params.get(name);
    if (text === null) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new SampleQueryError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
  return {
    kind: kind as SampleKind,
    municipalityCode: params.get('municipalityCode') ?? undefined,
    minAge: whole('minAge', 0, 200),
    maxAge: whole('maxAge', 0, 200),
    limit: whole('limit', 1, MAX_SAMPLE) ?? 5,
  };
}

/** Each kind is "clean": it has that one trait and none that would make a rule refuse earlier. */
const IS_KIND: Record<SampleKind, (person: IndexedPerson, age: number) => boolean> = {
  adult: (p, age) => ordinary(p) && age >= 18,
  child: (p, age) => ordinary(p) && age < 18 && p.hasGuardian,
  guardian: (p) => ordinary(p) && p.guardianOf.length > 0,
  deceased: (p) => p.deceased,
  nonDisclosure: (p) => !p.deceased && p.nonDisclosure,
  noHomeMunicipality: (p) => !p.deceased && !p.nonDisclosure && !hasFinnishHomeMunicipality(p.homeMunicipalityCode),
};

export function samplePersons(
  persons: Iterable<IndexedPerson>,
  query: SampleQuery,
  today: CalendarDate,
): (PopulationPerson & { age: number })[] {
  const found: (PopulationPerson & { age: number })[] = [];
  for (const person of persons) {
    const age = ageOn(person.birthDate, today);
    if (!IS_KIND[query.kind](person, age)) continue;
    if (query.municipalityCode !== undefined && person.homeMunicipalityCode !== query.municipalityCode) continue;
    if ((query.minAge !== undefined && age < query.minAge) || (query.maxAge !== undefined && age > query.maxAge)) continue;
    const { personId, homeMunicipalityCode, nonDisclosure, deceased, guardianOf } = person;
    found.push({ personId, homeMunicipalityCode, nonDisclosure, deceased, guardianOf, age });
    if (found.length === query.limit) break;
  }
  return found;
}

function ordinary(person: IndexedPerson): boolean {
  return !person.deceased && !person.nonDisclosure && hasFinnishHomeMunicipality(person.homeMunicipalityCode);
}
