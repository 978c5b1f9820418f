// A deterministic synthetic population covering every kind of person the eligibility rules meet.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateIdentityCode } from '../../workflows/eligibility/identity-code';
import type { Population, PopulationPerson } from './population';

export interface Municipality {
  code: string;
  population: number;
}

export interface GeneratePopulationOptions {
  seed: number;
  /** Ages are laid out relative to 1 January of this year, so the population is stable within a year. */
  referenceYear: number;
  municipalities: Municipality[];
}

const MUNICIPALITIES_FILE = join('prisma', 'data', 'finland-municipalities-2021.topo.json');
const NO_FINNISH_HOME: (string | null)[] = ['198', '199', '200', null];
/** Signs other than the traditional `+ - A`, by century. */
const NEWER_SIGNS: Record<number, string[]> = { 1800: ['+'], 1900: ['Y', 'X', 'W', 'V', 'U'], 2000: ['B', 'C', 'D', 'E', 'F'] };

/** The 309 municipalities of the Statistics Finland classification, from the repository's map data. */
export function loadMunicipalities(): Municipality[] {
  const file = findUp(__dirname, MUNICIPALITIES_FILE);
  const topo = JSON.parse(readFileSync(file, 'utf8')) as {
    objects: { munis: { geometries: { properties: { id: string; population: number } }[] } };
  };
  return topo.objects.munis.geometries.map(({ properties }) => ({ code: properties.id, population: properties.population }));
}

export function generatePopulation({ seed, referenceYear, municipalities }: GeneratePopulationOptions): Population {
  const random = mulberry32(seed);
  const persons: PopulationPerson[] = [];
  const usedIds = new Set<string>();
  let nextChildAge = 0;

  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const pick = <T>(items: T[]): T => items[between(0, items.length - 1)];
  const anyMunicipality = () => pick(municipalities).code;

  const newPersonId = (age: number): string => {
    for (;;) {
      const year = referenceYear - 1 - age;
      const month = between(1, 12);
      const day = between(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
      // Mostly the traditional signs; the signs introduced in 2023 show up too.
      const sign = chance(0.1) ? pick(NEWER_SIGNS[Math.floor(year / 100) * 100]) : undefined;
      const id = generateIdentityCode({ year, month, day }, between(2, 899), sign);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };

  const addPerson = (age: number, homeMunicipalityCode: string | null, marks: Partial<PopulationPerson> = {}) => {
    const person: PopulationPerson = {
      personId: newPersonId(age),
      homeMunicipalityCode,
      nonDisclosure: false,
      deceased: false,
      guardianOf: [],
      ...marks,
    };
    persons.push(person);
    return person;
  };

  const addFamily = (homeMunicipalityCode: string | null) => {
    // turvakielto usually covers a whole household.
    const nonDisclosure = chance(0.02);
    const guardians = Array.from({ length: chance(0.7) ? 2 : 1 }, () =>
      addPerson(between(25, 55), homeMunicipalityCode, { nonDisclosure }),
    );
    if (chance(0.01)) guardians[0].deceased = true;
    const childCount = between(1, 3);
    for (let c = 0; c < childCount; c++) {
      // Ages cycle so that every age from 0 to 17 is well represented; a few children live with
      // the other parent in another municipality.
      const livesElsewhere = !NO_FINNISH_HOME.includes(homeMunicipalityCode) && chance(0.05);
      const childHome = livesElsewhere ? anyMunicipality() : homeMunicipalityCode;
      const child = addPerson(nextChildAge++ % 18, childHome, { nonDisclosure });
      for (const guardian of guardians) guardian.guardianOf.push(child.personId);
    }
  };

  for (const { code, population } of municipalities) {
    const families = 2 + Math.round(population / 25_000);
    for (let f = 0; f < families; f++) addFamily(code);
    const singles = 3 + Math.round(population / 50_000);
    for (let s = 0; s < singles; s++) {
      addPerson(between(18, 95), code, { deceased: chance(0.02), nonDisclosure: chance(0.01) });
    }
  }
  for (const code of NO_FINNISH_HOME) {
    for (let s = 0; s < 25; s++) addPerson(between(18, 80), code);
    for (let f = 0; f < 3; f++) addFamily(code);
  }
  // Long dead people exercise the `+` sign of the 1800s.
  for (let s = 0; s < 5; s++) {
    addPerson(between(referenceYear - 1899, referenceYear - 1880), anyMunicipality(), { deceased: true });
  }

  return { persons };
}

/** A small, fast, seedable PRNG: the same seed gives the same population on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function findUp(start: string, relative: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`cannot find ${relative} in ${start} or any folder above it`);
  }
}
