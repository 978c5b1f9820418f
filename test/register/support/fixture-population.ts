// A small population with one person of each kind the adapter and the rules meet.
import { generateIdentityCode, helsinkiDate } from '../../../workflows/eligibility/identity-code';
import type { PopulationPerson } from '../../../src/register-simulator/population';

const thisYear = helsinkiDate(Date.now()).year;
const born = (year: number, n: number, sign?: string) => generateIdentityCode({ year, month: 1, day: 15 }, n, sign);

export const ID = {
  adult: born(1980, 101),
  /** Same digits as `adult` under another 1900s sign: a different person, absent from the register. */
  adultOtherSign: born(1980, 101, 'Y'),
  guardian: born(1982, 102, 'X'),
  child: born(thisYear - 8, 103, 'B'),
  child15: born(thisYear - 15, 104),
  deceased: born(1950, 105),
  nonDisclosure: born(1975, 106),
  protectedGuardian: born(1976, 107),
  childOfProtected: born(thisYear - 9, 108, 'C'),
  abroad: born(1990, 109, 'U'),
  nowhere: born(1991, 110),
  notJoinedResident: born(1970, 111),
  absent: born(1985, 112),
  temporary: born(1985, 950),
};

const person = (personId: string, homeMunicipalityCode: string | null, more: Partial<PopulationPerson> = {}): PopulationPerson => ({
  personId,
  homeMunicipalityCode,
  nonDisclosure: false,
  deceased: false,
  guardianOf: [],
  ...more,
});

export const FIXTURE: PopulationPerson[] = [
  person(ID.adult, '091'),
  person(ID.guardian, '091', { guardianOf: [ID.child, ID.child15] }),
  person(ID.child, '049'),
  person(ID.child15, '091'),
  person(ID.deceased, '091', { deceased: true }),
  person(ID.nonDisclosure, '091', { nonDisclosure: true }),
  person(ID.protectedGuardian, '092', { nonDisclosure: true, guardianOf: [ID.childOfProtected] }),
  person(ID.childOfProtected, '092'),
  person(ID.abroad, '200'),
  person(ID.nowhere, null),
  person(ID.notJoinedResident, '698'),
];

export const ALL_IDS = Object.values(ID);
