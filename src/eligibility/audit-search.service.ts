// The support lookup of the audit: a person's checks and register queries, found by the keyed hash of
// their identity code. Each lookup is itself audited (who searched, for whose hash, when).
import { Inject, Injectable } from '@nestjs/common';
import { hashIdentityCode } from '../../activities/eligibility/identity-hash';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PrismaClient } from '../database/prisma';

/** Newest first, at most this many of each kind. */
export const AUDIT_SEARCH_LIMIT = 500;

export interface AuditSearchResult {
  checks: {
    checkId: string;
    checkedAt: string;
    /** The person was the one checked (subject) or the guardian acting for a child. */
    role: 'subject' | 'guardian';
    decision: string;
    reason: string;
    municipalityCode: string | null;
  }[];
  queries: {
    queriedAt: string;
    product: string;
    endUser: string;
    checkId: string;
    returnCode: string | null;
    outcome: string;
  }[];
}

@Injectable()
export class AuditSearchService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async search(personId: string, searchedBy: string): Promise<AuditSearchResult> {
    const personHash = hashIdentityCode(this.config.AUDIT_HMAC_SECRET, personId);
    // Recorded before reading: a lookup that fails half-way still shows in the audit.
    await this.prisma.auditSearchAudit.create({ data: { searchedBy, personHash } });
    const [checks, queries] = await Promise.all([
      this.prisma.eligibilityAudit.findMany({
        where: { OR: [{ personHash }, { guardianHash: personHash }] },
        orderBy: { checkedAt: 'desc' },
        take: AUDIT_SEARCH_LIMIT,
      }),
      this.prisma.registerQueryAudit.findMany({ where: { personHash }, orderBy: { queriedAt: 'desc' }, take: AUDIT_SEARCH_LIMIT }),
    ]);
    return {
      checks: checks.map((c) => ({
        checkId: c.checkId,
        checkedAt: c.checkedAt.toISOString(),
        role: c.personHash === personHash ? 'subject' : 'guardian',
        decision: c.decision,
        reason: c.reason,
        municipalityCode: c.municipalityCode,
      })),
      queries: queries.map((q) => ({
        queriedAt: q.queriedAt.toISOString(),
        product: q.product,
        endUser: q.endUser,
        checkId: q.checkId,
        returnCode: q.returnCode,
        outcome: q.outcome,
      })),
    };
  }
}
