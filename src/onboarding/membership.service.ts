// Moving a municipality to another consortium while onboardings run: both workflows and the database
// must agree. The workflows are asked first (their validators refuse e.g. a consortium already
// scheduled); the database follows; a later refusal undoes the earlier workflow change.
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../database/prisma';
import { ConsortiaService } from '../consortia/consortia.service';
import { conflict } from '../http/problem';
import { MunicipalitiesService, MunicipalityView } from '../municipalities/municipalities.service';
import { changeMembership, getOnboardingState, OnboardingState } from '../../workflows/onboarding/contract';
import { OnboardingClient } from './onboarding.client';

export interface MembershipChange {
  municipality: MunicipalityView;
  from: { consortiumId: string; onboarding: OnboardingState | null };
  to: { consortiumId: string; onboarding: OnboardingState | null };
}

@Injectable()
export class MembershipService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(MunicipalitiesService) private readonly municipalities: MunicipalitiesService,
    @Inject(ConsortiaService) private readonly consortia: ConsortiaService,
    @Inject(OnboardingClient) private readonly onboarding: OnboardingClient,
  ) {}

  async move(code: string, targetConsortiumId: string): Promise<MembershipChange> {
    const municipality = await this.municipalities.get(code);
    await this.consortia.get(targetConsortiumId);
    const sourceId = municipality.consortiumId;
    if (sourceId === targetConsortiumId) {
      return {
        municipality,
        from: { consortiumId: sourceId, onboarding: await this.runningState(sourceId) },
        to: { consortiumId: targetConsortiumId, onboarding: await this.runningState(targetConsortiumId) },
      };
    }
    const [sourceRunning, targetRunning] = [await this.runningState(sourceId), await this.runningState(targetConsortiumId)];
    if (sourceRunning?.phase === 'LIVE' || municipality.joined) {
      throw conflict(`Municipality ${code} is already live in E-kirjasto through ${sourceId}; it cannot change consortium.`);
    }

    const fromState = sourceRunning ? await this.onboarding.update(sourceId, changeMembership, { remove: [code] }) : null;
    let toState: OnboardingState | null = null;
    try {
      if (targetRunning) toState = await this.onboarding.update(targetConsortiumId, changeMembership, { add: [code] });
      await this.prisma.municipality.update({ where: { code }, data: { consortiumId: targetConsortiumId } });
    } catch (err) {
      if (toState) await this.onboarding.update(targetConsortiumId, changeMembership, { remove: [code] });
      if (fromState) await this.onboarding.update(sourceId, changeMembership, { add: [code] });
      throw err;
    }
    return {
      municipality: await this.municipalities.get(code),
      from: { consortiumId: sourceId, onboarding: fromState },
      to: { consortiumId: targetConsortiumId, onboarding: toState },
    };
  }

  /** The onboarding's state if one runs (a finished one takes no membership changes), else null. */
  private async runningState(consortiumId: string): Promise<OnboardingState | null> {
    const handle = this.onboarding.handle(consortiumId);
    try {
      const description = await handle.describe();
      return description.status.name === 'RUNNING' ? await handle.query(getOnboardingState) : null;
    } catch {
      return null;
    }
  }
}
