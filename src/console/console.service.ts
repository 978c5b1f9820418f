// What the console's pages show, read from where it lives: phases and state from Temporal, names,
// reminders, audit and links from PostgreSQL.
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { PrismaClient } from '../database/prisma';
import { ConsortiaService, type ConsortiumView } from '../consortia/consortia.service';
import { JoiningRoundsService, type JoiningRoundView } from '../joining-rounds/joining-rounds.service';
import { latestOnboardings, type ListedExecution } from '../overview/onboarding-listing';
import { toOverviewPhase, type OverviewPhase } from '../overview/phases';
import { getOnboardingState, ONBOARDING_WORKFLOW_TYPE, type OnboardingState, onboardingWorkflowId } from '../../workflows/onboarding/contract';
import { type AuditEntry, StaffAudit } from './staff-audit';
import { RoundActions } from './round-actions';

export interface ConsortiumRow {
  id: string;
  name: string;
  members: number;
  phase: OverviewPhase;
  round: string | null;
}

export interface MemberRow {
  code: string;
  nameFi: string;
  nameSv: string;
  activeLinks: number;
}

export interface ReminderRow {
  at: string;
  municipalityCode: string | null;
  recipient: string;
  subject: string;
  sent: boolean;
}

export interface ConsortiumPageData {
  consortium: ConsortiumView;
  members: MemberRow[];
  state: OnboardingState | null;
  reminders: ReminderRow[];
  history: AuditEntry[];
  otherConsortia: { id: string; name: string }[];
}

export interface RoundRow extends JoiningRoundView {
  scheduled: number;
}

@Injectable()
export class ConsoleService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(ConsortiaService) private readonly consortia: ConsortiaService,
    @Inject(JoiningRoundsService) private readonly rounds: JoiningRoundsService,
    @Inject(StaffAudit) private readonly audit: StaffAudit,
    @Inject(RoundActions) private readonly roundActions: RoundActions,
  ) {}

  /** Every consortium with its phase (Temporal visibility, so a second or so behind a change). */
  async consortiaByPhase(): Promise<ConsortiumRow[]> {
    const executions: ListedExecution[] = [];
    for await (const execution of this.client.workflow.list({ query: `WorkflowType = "${ONBOARDING_WORKFLOW_TYPE}"` })) executions.push(execution);
    const listed = new Map(latestOnboardings(executions).map((o) => [o.consortiumId, o]));
    const consortia = await this.consortia.list();
    return consortia.map((c) => ({
      id: c.id,
      name: c.name,
      members: c.municipalityCodes.length,
      phase: listed.get(c.id)?.phase ?? 'NOT_STARTED',
      round: listed.get(c.id)?.round ?? null,
    }));
  }

  async consortiumPage(consortiumId: string): Promise<ConsortiumPageData> {
    const consortium = await this.consortia.get(consortiumId);
    const state = await this.state(consortiumId);
    // Members of the running onboarding, and of the consortium now (they differ for a moment during a move).
    const codes = [...new Set([...consortium.municipalityCodes, ...(state?.members.map((m) => m.code) ?? [])])];
    const [municipalities, links, outbox, history, all] = await Promise.all([
      this.prisma.municipality.findMany({ where: { code: { in: codes } }, orderBy: { code: 'asc' } }),
      this.prisma.surveyLink.groupBy({
        by: ['municipalityCode'],
        where: { municipalityCode: { in: codes }, revokedAt: null, usedAt: null, expiresAt: { gt: new Date() } },
        _count: { _all: true },
      }),
      this.prisma.outboxMessage.findMany({ where: { consortiumId }, orderBy: { createdAt: 'desc' }, take: 100 }),
      this.audit.forConsortium(consortiumId),
      this.prisma.consortium.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    ]);
    const active = new Map(links.map((l) => [l.municipalityCode, l._count._all]));
    return {
      consortium,
      members: municipalities.map((m) => ({ code: m.code, nameFi: m.nameFi, nameSv: m.nameSv, activeLinks: active.get(m.code) ?? 0 })),
      state,
      reminders: outbox.map((o) => ({ at: (o.sentAt ?? o.createdAt).toISOString(), municipalityCode: o.municipalityCode, recipient: o.recipient, subject: o.subject, sent: o.sentAt !== null })),
      history,
      otherConsortia: all.filter((c) => c.id !== consortiumId),
    };
  }

  async roundRows(): Promise<RoundRow[]> {
    const rounds = await this.rounds.list();
    return Promise.all(rounds.map(async (r) => ({ ...r, scheduled: await this.roundActions.scheduledInto(r.name) })));
  }

  /** The onboarding's state, or null when none was started. */
  async state(consortiumId: string): Promise<OnboardingState | null> {
    try {
      return await this.client.workflow.getHandle(onboardingWorkflowId(consortiumId)).query(getOnboardingState);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }
}

export const phaseOf = (state: OnboardingState | null): OverviewPhase => (state ? toOverviewPhase(state.phase) : 'NOT_STARTED');
