import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../database/prisma';
import { badRequest, unprocessable } from '../http/problem';

export interface EligibilityStats {
  from: string;
  to: string;
  total: number;
  byDecision: Record<string, number>;
  byReason: Record<string, number>;
  byMunicipality: { municipalityCode: string; total: number; allowed: number }[];
}

function parseInstant(field: string, value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw badRequest(`The query parameter ${field} must be an ISO 8601 date or time, e.g. 2024-04-23 or 2024-04-23T10:00:00Z.`, [
      { field, problem: 'must be an ISO 8601 date or time' },
    ]);
  }
  return date;
}

const DAY_MS = 86_400_000;

/** Counts of checks for staff, from the audit records; nothing in them identifies a person. */
@Injectable()
export class EligibilityStatsService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async stats(fromParam?: string, toParam?: string): Promise<EligibilityStats> {
    const to = parseInstant('to', toParam, new Date());
    const from = parseInstant('from', fromParam, new Date(to.getTime() - 30 * DAY_MS));
    // Each bound is well formed (the parameters' schema says so); together they name no period.
    if (from > to) throw unprocessable('The period is empty: from must be before to.');
    const where = { checkedAt: { gte: from, lt: to } };
    const [byDecision, byReason, byMunicipality] = await Promise.all([
      this.prisma.eligibilityAudit.groupBy({ by: ['decision'], where, _count: { _all: true } }),
      this.prisma.eligibilityAudit.groupBy({ by: ['reason'], where, _count: { _all: true } }),
      this.prisma.eligibilityAudit.groupBy({
        by: ['municipalityCode', 'decision'],
        where: { ...where, municipalityCode: { not: null } },
        _count: { _all: true },
      }),
    ]);
    const municipalities = new Map<string, { municipalityCode: string; total: number; allowed: number }>();
    for (const row of byMunicipality) {
      const code = row.municipalityCode!;
      const entry = municipalities.get(code) ?? { municipalityCode: code, total: 0, allowed: 0 };
      entry.total += row._count._all;
      if (row.decision === 'ALLOW') entry.allowed += row._count._all;
      municipalities.set(code, entry);
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      total: byDecision.reduce((sum, row) => sum + row._count._all, 0),
      byDecision: Object.fromEntries(byDecision.map((row) => [row.decision, row._count._all])),
      byReason: Object.fromEntries(byReason.map((row) => [row.reason, row._count._all])),
      byMunicipality: [...municipalities.values()].sort((a, b) => a.municipalityCode.localeCompare(b.municipalityCode)),
    };
  }
}
