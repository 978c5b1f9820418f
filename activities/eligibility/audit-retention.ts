// Deletes audit rows past their retention, a batch at a time (see workflows/eligibility/retention.ts).
import type { PrismaClient } from '../../generated/prisma/client';
import type { AuditRetentionActivities } from '../../workflows/eligibility/retention';

export function createAuditRetentionActivities(prisma: PrismaClient): AuditRetentionActivities {
  return {
    // Idempotent: a retried batch deletes what is still there. The query rows go first, then the
    // check rows and the records of support lookups, each table up to the batch size.
    async deleteAuditRowsBefore(cutoff, limit) {
      const before = new Date(cutoff);
      const queries = await prisma.$executeRaw`
        DELETE FROM "RegisterQueryAudit" WHERE id IN (
          SELECT id FROM "RegisterQueryAudit" WHERE "queriedAt" < ${before} LIMIT ${limit})`;
      const checks = await prisma.$executeRaw`
        DELETE FROM "EligibilityAudit" WHERE "checkId" IN (
          SELECT "checkId" FROM "EligibilityAudit" WHERE "checkedAt" < ${before} LIMIT ${limit})`;
      const searches = await prisma.$executeRaw`
        DELETE FROM "AuditSearchAudit" WHERE id IN (
          SELECT id FROM "AuditSearchAudit" WHERE "searchedAt" < ${before} LIMIT ${limit})`;
      return Math.max(queries, checks, searches);
    },
  };
}
