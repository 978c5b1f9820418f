import type { PrismaClient } from '../../src/database/prisma';
import type { JoiningRoundInfo } from '../../workflows/onboarding/contract';

/** Dates are stored as SQL dates (UTC midnight in JavaScript): their ISO day is the calendar date. */
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

export async function joiningRounds(prisma: PrismaClient): Promise<JoiningRoundInfo[]> {
  const rows = await prisma.joiningRound.findMany({ orderBy: [{ goLiveDate: 'asc' }, { name: 'asc' }] });
  return rows.map((r) => ({ name: r.name, signingDeadline: isoDay(r.signingDeadline), goLiveDate: isoDay(r.goLiveDate) }));
}
