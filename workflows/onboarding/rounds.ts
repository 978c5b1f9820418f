// Which joining round a consortium takes.
import { endOfHelsinkiDay } from './calendar';
import type { IsoDate, JoiningRoundInfo } from './contract';

/**
 * The first round (by go-live date) whose signing deadline the consortium's last signature met and
 * whose go-live date is today or later; null when none fits yet (the consortium waits for a new round).
 */
export function selectRound(rounds: readonly JoiningRoundInfo[], lastSignedOn: IsoDate, today: IsoDate): JoiningRoundInfo | null {
  const eligible = rounds.filter((r) => lastSignedOn <= r.signingDeadline && r.goLiveDate >= today);
  eligible.sort((a, b) => a.goLiveDate.localeCompare(b.goLiveDate) || a.name.localeCompare(b.name));
  return eligible[0] ?? null;
}

/** The round whose signing deadline comes next (still ahead at `nowMs`), if any. */
export function nextSigningDeadline(rounds: readonly JoiningRoundInfo[], nowMs: number): JoiningRoundInfo | undefined {
  return [...rounds]
    .filter((r) => endOfHelsinkiDay(r.signingDeadline) > nowMs)
    .sort((a, b) => a.signingDeadline.localeCompare(b.signingDeadline) || a.name.localeCompare(b.name))[0];
}
