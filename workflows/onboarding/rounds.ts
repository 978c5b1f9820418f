// Which joining round a consortium takes.
import { endOfHelsinkiDay } from './calendar';
import type { IsoDate, JoiningRoundInfo } from './contract';

/** How two round names compare when their dates tie. */
export type NameOrder = (a: string, b: string) => number;

/**
 * UTF-16 code-unit order: the same on every machine, whatever the worker's locale or ICU data, so
 * that workers and replays choose the same round.
 */
export const codeUnitOrder: NameOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order of onboardings recorded before the `deterministic-round-order` patch: the process's
 * default locale (fi_FI and en_US disagree on "Ö" and "P"). Kept only so that those histories replay.
 */
export const legacyLocaleOrder: NameOrder = (a, b) => a.localeCompare(b);

/**
 * The first round (by go-live date) whose signing deadline the consortium's last signature met and
 * whose go-live date is today or later; null when none fits yet (the consortium waits for a new round).
 */
export function selectRound(
  rounds: readonly JoiningRoundInfo[],
  lastSignedOn: IsoDate,
  today: IsoDate,
  order: NameOrder = codeUnitOrder,
): JoiningRoundInfo | null {
  const eligible = rounds.filter((r) => lastSignedOn <= r.signingDeadline && r.goLiveDate >= today);
  eligible.sort((a, b) => codeUnitOrder(a.goLiveDate, b.goLiveDate) || order(a.name, b.name));
  return eligible[0] ?? null;
}

/** The round whose signing deadline comes next (still ahead at `nowMs`), if any. */
export function nextSigningDeadline(
  rounds: readonly JoiningRoundInfo[],
  nowMs: number,
  order: NameOrder = codeUnitOrder,
): JoiningRoundInfo | undefined {
  return [...rounds]
    .filter((r) => endOfHelsinkiDay(r.signingDeadline) > nowMs)
    .sort((a, b) => codeUnitOrder(a.signingDeadline, b.signingDeadline) || order(a.name, b.name))[0];
}
