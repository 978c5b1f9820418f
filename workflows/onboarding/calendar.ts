// Calendar dates as people in Finland read them. Deterministic (Intl only), so usable in the sandbox.
import type { IsoDate } from './contract';
import { lazy } from '../lazy';

const ZONE = 'Europe/Helsinki';
const DAY_MS = 86_400_000;

const helsinkiParts = lazy(
  () =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
);

function wallClock(instantMs: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(helsinkiParts().formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Helsinki's offset from UTC at an instant (+2 h in winter, +3 h in summer). */
function offsetMs(instantMs: number): number {
  const w = wallClock(instantMs);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The date in Helsinki at an instant. */
export function helsinkiDate(instantMs: number): IsoDate {
  const w = wallClock(instantMs);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/**
 * The instant 00:00 of a date in Helsinki. DST switches at 03:00/04:00 local time, so midnight always
 * exists once; the offset is taken at the answer itself, hence the second pass.
 */
export function helsinkiMidnight(date: IsoDate): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const guess = utcMidnight - offsetMs(utcMidnight);
  return utcMidnight - offsetMs(guess);
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().startsWith(value);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The end of a date in Helsinki: a deadline "by 15 March" holds until 16 March 00:00. */
export function endOfHelsinkiDay(date: IsoDate): number {
  return helsinkiMidnight(addDays(date, 1));
}
