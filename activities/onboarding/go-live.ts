// Go-live's lasting outcome: the member municipalities are joined, and their residents may log in.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../../src/database/prisma';
import type { MarkJoinedOutcome, MarkJoinedRequest } from '../../workflows/onboarding/activities';

/** Idempotent: a municipality joined earlier keeps its joinedAt; a retry changes nothing. */
export async function markJoined(prisma: PrismaClient, request: MarkJoinedRequest): Promise<MarkJoinedOutcome> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.joinedOn)) {
    throw ApplicationFailure.nonRetryable(`joinedOn must be a date YYYY-MM-DD, got "${request.joinedOn}"`, 'InvalidJoinDate');
  }
  const joinedAt = new Date(`${request.joinedOn}T00:00:00Z`);
  const newlyJoined = await prisma.$transaction(async (tx) => {
    const pending = await tx.municipality.findMany({
      where: { code: { in: request.municipalityCodes }, joined: false },
      select: { code: true },
    });
    const codes = pending.map((m) => m.code);
    await tx.municipality.updateMany({ where: { code: { in: codes }, joinedAt: null }, data: { joined: true, joinedAt } });
    await tx.municipality.updateMany({ where: { code: { in: codes }, joinedAt: { not: null } }, data: { joined: true } });
    return codes;
  });
  return { newlyJoined: newlyJoined.sort() };
}
