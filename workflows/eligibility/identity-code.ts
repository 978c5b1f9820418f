// Finnish personal identity code (henkilötunnus / personbeteckning): DDMMYY C ZZZ Q.
// Pure TypeScript without Node APIs: this module is bundled into the Temporal workflow sandbox.
import { lazy } from '../lazy';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export type IdentityCodeParseResult =
  | { ok: true; code: string; birthDate: CalendarDate; individualNumber: number; temporary: boolean }
  | { ok: false; problem: string };

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** The century each sign stands for. `- Y X W V U` and `A B C D E F` are equivalent in meaning, yet the
 * sign is part of the identity: `100190-999P` and `100190Y999P` are two different people. */
const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

const DEFAULT_SIGN_BY_CENTURY: Readonly<Record<number, string>> = { 1800: '+', 1900: '-', 2000: 'A' };

/** 900-999: temporary and test codes, never recorded in the population register. */
const FIRST_TEMPORARY_INDIVIDUAL_NUMBER = 900;
/** 000 and 001 are not in use. */
const FIRST_INDIVIDUAL_NUMBER = 2;

const SHAPE = /^(\d{2})(\d{2})(\d{2})(.)(\d{3})(.)$/;

const INVALID = 'is not a valid Finnish personal identity code';

/** Parses an identity code without normalising it. Problems are sentences that never repeat the input,
 * so they are safe to log and to return in API errors. */
export function parseIdentityCode(value: unknown): IdentityCodeParseResult {
  if (typeof value !== 'string') return invalid('it must be a string');
  if (value.length !== 11) return invalid('it must be exactly 11 characters long');
  if (value !== value.toUpperCase()) {
    return invalid('letters must be upper-case (the century sign and check character are case-sensitive)');
  }
  const parts = SHAPE.exec(value);
  if (!parts) return invalid('it must have the form DDMMYYCZZZQ with digits for DDMMYY and ZZZ');
  const [, dd, mm, yy, sign, zzz, check] = parts;

  const century = CENTURY_BY_SIGN[sign];
  if (century === undefined) return invalid('the century sign must be one of + - Y X W V U A B C D E F');

  const birthDate = { year: century + Number(yy), month: Number(mm), day: Number(dd) };
  if (!isRealDate(birthDate)) return invalid('the birth date is not a real calendar date');

  const individualNumber = Number(zzz);
  if (individualNumber < FIRST_INDIVIDUAL_NUMBER) return invalid('the individual number must be between 002 and 999');

  if (checkCharacter(dd + mm + yy + zzz) !== check) return invalid('the check character does not match');

  return {
    ok: true,
    code: value,
    birthDate,
    individualNumber,
    temporary: individualNumber >= FIRST_TEMPORARY_INDIVIDUAL_NUMBER,
  };
}

/** The check character of the nine digits DDMMYYZZZ (the century sign does not enter it). */
export function checkCharacter(nineDigits: string): string {
  if (!/^\d{9}$/.test(nineDigits)) throw new Error('checkCharacter needs exactly nine digits');
  return CHECK_CHARACTERS[Number(nineDigits) % 31];
}

/** Builds a valid identity code, e.g. for the register simulator's synthetic people and for tests.
 * Without `signChoice` the traditional sign of the century is used (`+`, `-`, `A`). */
export function generateIdentityCode(birth: CalendarDate, individualNumber: number, signChoice?: string): string {
  if (!isRealDate(birth)) throw new Error('generateIdentityCode: the birth date is not a real calendar date');
  if (!Number.isInteger(individualNumber) || individualNumber < FIRST_INDIVIDUAL_NUMBER || individualNumber > 999) {
    throw new Error('generateIdentityCode: the individual number must be an integer from 2 to 999');
  }
  const century = Math.floor(birth.year / 100) * 100;
  const sign = signChoice ?? DEFAULT_SIGN_BY_CENTURY[century];
  if (sign === undefined || CENTURY_BY_SIGN[sign] !== century) {
    throw new Error(`generateIdentityCode: no century sign ${signChoice === undefined ? 'exists' : `'${signChoice}' stands`} for the ${century}s`);
  }
  const datePart = pad2(birth.day) + pad2(birth.month) + pad2(birth.year % 100);
  const individualPart = String(individualNumber).padStart(3, '0');
  return datePart + sign + individualPart + checkCharacter(datePart + individualPart);
}

/** A code whose birth date is after `today` cannot belong to anyone yet. */
export function isBornAfter(birthDate: CalendarDate, today: CalendarDate): boolean {
  const key = (d: CalendarDate) => d.year * 10_000 + d.month * 100 + d.day;
  return key(birthDate) > key(today);
}

/** Age in whole years on a date. The birthday counts on the day itself; someone born on 29 February
 * reaches the next age on 1 March in a non-leap year. */
export function ageOn(birthDate: CalendarDate, onDate: CalendarDate): number {
  const birthdayReached =
    onDate.month > birthDate.month || (onDate.month === birthDate.month && onDate.day >= birthDate.day);
  return onDate.year - birthDate.year - (birthdayReached ? 0 : 1);
}

const helsinkiFormat = lazy(
  () => new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Helsinki', year: 'numeric', month: 'numeric', day: 'numeric' }),
);

/** The calendar date in Finland at an instant: ages and birthdays turn at Helsinki midnight, not UTC's. */
export function helsinkiDate(epochMs: number): CalendarDate {
  const date: CalendarDate = { year: 0, month: 0, day: 0 };
  for (const part of helsinkiFormat().formatToParts(epochMs)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day') date[part.type] = Number(part.value);
  }
  return date;
}

function isRealDate({ year, month, day }: CalendarDate): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function invalid(reason: string): { ok: false; problem: string } {
  return { ok: false, problem: `${INVALID}: ${reason}` };
}
