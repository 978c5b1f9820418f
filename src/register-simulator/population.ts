// The simulator's synthetic population: the file format other tools write, and its validation.
import { readFileSync } from 'node:fs';
import { parseIdentityCode, type CalendarDate } from '../../workflows/eligibility/identity-code';

/** One synthetic person, exactly as in the population file. */
export interface PopulationPerson {
  personId: string;
  /** kotikunta: Statistics Finland code, '198'/'199'/'200' for none in Finland, or null. */
  homeMunicipalityCode: string | null;
  /** turvakielto */
  nonDisclosure: boolean;
  deceased: boolean;
  /** Identity codes of this person's wards (huollettavat); optional in the file, default none. */
  guardianOf: string[];
}

export interface Population {
  persons: PopulationPerson[];
}

/** A person as the simulator serves them: the file's record plus what the identity code tells. */
export interface IndexedPerson extends PopulationPerson {
  birthDate: CalendarDate;
  /** Someone in the population lists this person as a ward. */
  hasGuardian: boolean;
}

export class PopulationFileError extends Error {
  override name = 'PopulationFileError';
}

export function readPopulationFile(path: string): Population {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PopulationFileError(`cannot read population file ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PopulationFileError(`population file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return validatePopulation(data);
  } catch (err) {
    if (err instanceof PopulationFileError) throw new PopulationFileError(`population file ${path}: ${err.message}`);
    throw err;
  }
}

const MUNICIPALITY_CODE = /^\d{3}$/;

/** Checks the shape and the references; messages name the person's index and the field, never a code. */
export function validatePopulation(data: unknown): Population {
  if (!isObject(data) || !Array.isArray(data.persons)) {
    throw new PopulationFileError('expected an object { "persons": [ ... ] }');
  }
  const firstIndexById = new Map<string, number>();
  const persons = data.persons.map((raw: unknown, index): PopulationPerson => {
    const at = `persons[${index}]`;
    if (!isObject(raw)) throw new PopulationFileError(`${at} must be an object`);
    const identity = parseIdentityCode(raw.personId);
    if (!identity.ok) throw new PopulationFileError(`${at}.personId ${identity.problem}`);
    const earlier = firstIndexById.get(identity.code);
    if (earlier !== undefined) throw new PopulationFileError(`${at}.personId repeats persons[${earlier}].personId`);
    firstIndexById.set(identity.code, index);

    const code = raw.homeMunicipalityCode;
    if (code !== null && !(typeof code === 'string' && MUNICIPALITY_CODE.test(code))) {
      throw new PopulationFileError(`${at}.homeMunicipalityCode must be a 3-digit string such as "091", or null`);
    }
    for (const field of ['nonDisclosure', 'deceased'] as const) {
      if (typeof raw[field] !== 'boolean') throw new PopulationFileError(`${at}.${field} must be true or false`);
    }
    const guardianOf = raw.guardianOf ?? [];
    if (!Array.isArray(guardianOf) || !guardianOf.every((ward) => typeof ward === 'string')) {
      throw new PopulationFileError(`${at}.guardianOf must be an array of identity codes`);
    }
    return {
      personId: identity.code,
      homeMunicipalityCode: code,
      nonDisclosure: raw.nonDisclosure as boolean,
      deceased: raw.deceased as boolean,
      guardianOf: guardianOf as string[],
    };
  });

  persons.forEach((person, index) =>
    person.guardianOf.forEach((ward, w) => {
      if (!firstIndexById.has(ward)) {
        throw new PopulationFileError(`persons[${index}].guardianOf[${w}] names nobody in the population`);
      }
      if (ward === person.personId) throw new PopulationFileError(`persons[${index}].guardianOf[${w}] names the person themself`);
    }),
  );
  return { persons };
}

/** Builds the lookup the server answers from. The population must have been validated. */
export function indexPopulation(population: Population): Map<string, IndexedPerson> {
  const wards = new Set(population.persons.flatMap((person) => person.guardianOf));
  const index = new Map<string, IndexedPerson>();
  for (const person of population.persons) {
    const identity = parseIdentityCode(person.personId);
    if (!identity.ok) throw new PopulationFileError('indexPopulation needs a validated population');
    index.set(person.personId, { ...person, birthDate: identity.birthDate, hasGuardian: wards.has(person.personId) });
  }
  return index;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
