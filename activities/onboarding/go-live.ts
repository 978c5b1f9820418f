// Go-live's lasting outcome: the member municipalities are joined, and their residents may log in.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../../src/database/prisma';
import type { MarkJoinedOutcome, MarkJoinedRequest } from '../../workflows/onboarding/activities';

/**
 * Idempotent: a municipality joined earlier keeps its joinedAt; a retry changes nothing. Only the
 * municipalities the database still lists in the consortium are joined (one moved away meanwhile is
 * not, whatever the workflow's member list says), all in one transaction.
 */
export async function markJoined(prisma: PrismaClient, request: MarkJoinedRequest): Promise<MarkJoinedOutcome> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.joinedOn)) {
    throw ApplicationFailure.nonRetryable(`joinedOn must be a date YYYY-MM-DD, got "${request.joinedOn}"`, 'InvalidJoinDate');
  }
  const joinedAt = new Date(`${request.joinedOn}T00:00:00Z`);
  const newlyJoined = await prisma.$transaction(async (tx) => {
    const pending = await tx.municipality.findMany({
      where: { code: { in: request.municipalityCodes }, consortiumId: request.consortiumId, joined: false },
      select: { code: true },
    });
    const codes = pending.map((m) => m.code);
    // The consortium again: a move committed since the read above must not be joined either.
    const inConsortium = { code: { in: codes }, consortiumId: request.consortiumId };
    await tx.municipality.updateMany({ where: { ...inConsortium, joinedAt: null }, data: { joined: true, joinedAt } });
    await tx.municipality.updateMany({ where: { ...inConsortium, joinedAt: { not: null } }, data: { joined: true } });
    return codes;
  });
  return { newlyJoined: newlyJoined.sort() };
}
