// The audit of staff actions in PostgreSQL: who did what to which onboarding, when, and through what
// (console, API, a municipality's survey link). The console shows it as each consortium's history.
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { PrismaClient } from '../database/prisma';
import type { Principal } from '../auth/roles';
import type { Actor } from '../../workflows/onboarding/contract';

export type AuditedAction =
  | 'start'
  | 'survey'
  | 'signature'
  | 'integration-step'
  | 'membership'
  | 'withdraw'
  | 'joining-round'
  | 'survey-link-issued'
  | 'survey-link-revoked';
export type Channel = 'console' | 'api' | 'survey-link';

export interface AuditEntry {
  at: string;
  actor: Actor;
  via: Channel;
  action: AuditedAction;
  consortiumId: string | null;
  municipalityCode: string | null;
  summary: string;
}

/** The person behind a request, as the workflow's history and the audit name them. */
export function actorOf(principal: Principal | undefined): Actor {
  if (!principal) return { kind: 'staff', subject: 'unknown', name: 'unknown' };
  return { kind: 'staff', subject: principal.subject, name: principal.name ?? principal.subject };
}

@Injectable()
export class StaffAudit {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.prisma.staffActionAudit.create({
      data: {
        actorKind: entry.actor.kind,
        actorSubject: entry.actor.subject,
        actorName: entry.actor.name,
        via: entry.via,
        action: entry.action,
        consortiumId: entry.consortiumId,
        municipalityCode: entry.municipalityCode,
        summary: entry.summary.slice(0, 1000),
      },
    });
  }

  async forConsortium(consortiumId: string, limit = 200): Promise<AuditEntry[]> {
    const rows = await this.prisma.staffActionAudit.findMany({ where: { consortiumId }, orderBy: { at: 'desc' }, take: limit });
    return rows.map((r) => ({
      at: r.at.toISOString(),
      actor: { kind: r.actorKind === 'municipality' ? 'municipality' : 'staff', subject: r.actorSubject, name: r.actorName },
      via: r.via as Channel,
      action: r.action as AuditedAction,
      consortiumId: r.consortiumId,
      municipalityCode: r.municipalityCode,
      summary: r.summary,
    }));
  }
}

@Global()
@Module({ providers: [StaffAudit], exports: [StaffAudit] })
export class StaffAuditModule {}
