import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../database/prisma';
import { conflict, unprocessable } from '../http/problem';
import type { JoiningRoundInfo } from '../../workflows/onboarding/contract';

export interface JoiningRoundView extends JoiningRoundInfo {
  id: string;
  createdAt: string;
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const asDate = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

type RoundRow = { id: string; name: string; signingDeadline: Date; goLiveDate: Date; createdAt: Date };
const toView = (r: RoundRow): JoiningRoundView => ({
  id: r.id,
  name: r.name,
  signingDeadline: day(r.signingDeadline),
  goLiveDate: day(r.goLiveDate),
  createdAt: r.createdAt.toISOString(),
});

/** liittymiskierrokset: set by the National Library once it knows how many are joining. */
@Injectable()
export class JoiningRoundsService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async list(): Promise<JoiningRoundView[]> {
    const rows = await this.prisma.joiningRound.findMany({ orderBy: [{ goLiveDate: 'asc' }, { name: 'asc' }] });
    return rows.map(toView);
  }

  /**
   * Idempotent: the same round again (same name and dates) returns the existing one, `created: false`;
   * the same name with other dates is a conflict, since a round's dates are what consortia planned by.
   */
  async create(round: JoiningRoundInfo): Promise<{ created: boolean; round: JoiningRoundView }> {
    if (round.goLiveDate < round.signingDeadline) {
      throw unprocessable(`The go-live date ${round.goLiveDate} is before the signing deadline ${round.signingDeadline}.`);
    }
    const existing = await this.prisma.joiningRound.findUnique({ where: { name: round.name } });
    if (existing) return { created: false, round: this.sameOrConflict(existing, round) };
    const rows = await this.prisma.joiningRound.createManyAndReturn({
      data: [{ name: round.name, signingDeadline: asDate(round.signingDeadline), goLiveDate: asDate(round.goLiveDate) }],
      skipDuplicates: true,
    });
    if (rows.length === 0) {
      // Created concurrently by another request under the same name.
      const raced = await this.prisma.joiningRound.findUniqueOrThrow({ where: { name: round.name } });
      return { created: false, round: this.sameOrConflict(raced, round) };
    }
    return { created: true, round: toView(rows[0]) };
  }

  private sameOrConflict(existing: RoundRow, wanted: JoiningRoundInfo): JoiningRoundView {
    const view = toView(existing);
    if (view.signingDeadline !== wanted.signingDeadline || view.goLiveDate !== wanted.goLiveDate) {
      throw conflict(
        `A joining round named "${wanted.name}" already exists with signing deadline ${view.signingDeadline} and go-live ${view.goLiveDate}.`,
      );
    }
    return view;
  }
}
