// Joining rounds, as the console's forms and the API add and change them, attributed and audited.
// Provided by JoiningRoundsModule (whose controller uses it).
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { PrismaClient } from '../database/prisma';
import { conflict, unprocessable } from '../http/problem';
import { JoiningRoundsService, type JoiningRoundView } from '../joining-rounds/joining-rounds.service';
import { RoundAnnouncer } from '../joining-rounds/round-announcer';
import { type JoiningRoundInfo, ONBOARDING_WORKFLOW_TYPE } from '../../workflows/onboarding/contract';
import type { Attribution } from './staff-actions';
import { StaffAudit } from './staff-audit';

@Injectable()
export class RoundActions {
  constructor(
    @Inject(JoiningRoundsService) private readonly rounds: JoiningRoundsService,
    @Inject(RoundAnnouncer) private readonly announcer: RoundAnnouncer,
    @Inject(StaffAudit) private readonly audit: StaffAudit,
    @Inject(Client) private readonly client: Client,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
  ) {}

  /**
   * Either way (new, or the same round again) the round's announcement to every running onboarding is
   * started, once per round and durably: a request that failed after the insert and is repeated still
   * announces.
   */
  async createRound(round: JoiningRoundInfo, by: Attribution): Promise<{ created: boolean; round: JoiningRoundView }> {
    const result = await this.rounds.create(round);
    await this.announcer.announce(result.round.id);
    if (result.created) {
      await this.recorded(by, `Joining round ${round.name} added: signatures by ${round.signingDeadline}, go-live ${round.goLiveDate}`);
    }
    return result;
  }

  /** A round's dates may change only while no consortium is scheduled into it (or live through it). */
  async changeRound(name: string, change: Omit<JoiningRoundInfo, 'name'>, by: Attribution): Promise<JoiningRoundView> {
    const existing = (await this.rounds.list()).find((r) => r.name === name);
    if (!existing) throw unprocessable(`There is no joining round named "${name}".`);
    if (change.goLiveDate < change.signingDeadline) {
      throw unprocessable(`The go-live date ${change.goLiveDate} is before the signing deadline ${change.signingDeadline}.`);
    }
    const scheduled = await this.scheduledInto(name);
    if (scheduled > 0) throw conflict(`${scheduled} consortium(s) are already scheduled into joining round ${name}; its dates can no longer change.`);
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    await this.prisma.joiningRound.update({ where: { name }, data: { signingDeadline: day(change.signingDeadline), goLiveDate: day(change.goLiveDate) } });
    const changed = (await this.rounds.list()).find((r) => r.name === name)!;
    // A change of dates is an announcement of its own (a repeat of the same change is not).
    await this.announcer.announce(`${changed.id}@${changed.signingDeadline}/${changed.goLiveDate}`);
    await this.recorded(by, `Joining round ${name} changed: signatures by ${change.signingDeadline}, go-live ${change.goLiveDate}`);
    return changed;
  }

  /** Consortia scheduled into (or live through) the round, from the search attributes the workflow keeps. */
  async scheduledInto(roundName: string): Promise<number> {
    const quoted = roundName.replace(/["\\]/g, '');
    const { count } = await this.client.workflow.count(
      `WorkflowType = "${ONBOARDING_WORKFLOW_TYPE}" AND JoiningRound = "${quoted}" AND OnboardingPhase IN ("SCHEDULED", "LIVE")`,
    );
    return count;
  }

  private recorded(by: Attribution, summary: string) {
    return this.audit.record({ actor: by.actor, via: by.via, action: 'joining-round', consortiumId: null, municipalityCode: null, summary });
  }
}
