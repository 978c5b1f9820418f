// Every staff action on an onboarding, as the console's forms and the API's controllers perform it:
// through the onboarding client and membership service, with the actor carried into the workflow
// update and written to the audit. Refusals are the services' own ProblemExceptions.
// Provided by OnboardingModule (whose controllers use it); joining rounds: ./round-actions.ts.
import { Inject, Injectable } from '@nestjs/common';
import { ConsortiaService } from '../consortia/consortia.service';
import { conflict } from '../http/problem';
import { MunicipalitiesService } from '../municipalities/municipalities.service';
import { MembershipService, type MembershipChange } from '../onboarding/membership.service';
import { OnboardingClient, type StartResult } from '../onboarding/onboarding.client';
import {
  type Actor,
  completeIntegrationStep,
  type OnboardingState,
  recordSignature,
  recordSurvey,
  type Signature,
  type SurveyAnswer,
  withdrawOnboarding,
} from '../../workflows/onboarding/contract';
import { refuseStartWithoutMembers } from '../onboarding/start-preconditions';
import type { Principal } from '../auth/roles';
import { actorOf, type AuditedAction, type Channel, StaffAudit } from './staff-audit';

export interface Attribution {
  actor: Actor;
  via: Channel;
  idempotencyKey?: string;
}

/** An API caller (its token), carried into the workflow update and the audit of staff actions. */
export function apiAttribution(principal: Principal | undefined, idempotencyKey?: string): Attribution {
  return { actor: actorOf(principal), via: 'api', ...(idempotencyKey && { idempotencyKey }) };
}

@Injectable()
export class StaffActions {
  constructor(
    @Inject(ConsortiaService) private readonly consortia: ConsortiaService,
    @Inject(MunicipalitiesService) private readonly municipalities: MunicipalitiesService,
    @Inject(OnboardingClient) private readonly onboarding: OnboardingClient,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(StaffAudit) private readonly audit: StaffAudit,
  ) {}

  async start(consortiumId: string, by: Attribution): Promise<StartResult> {
    const consortium = await this.consortia.get(consortiumId);
    refuseStartWithoutMembers(consortium);
    const result = await this.onboarding.start(consortium);
    if (result.created) await this.record(by, 'start', consortiumId, null, 'Onboarding started');
    return result;
  }

  /**
   * A withdrawn onboarding started again: the same start (OnboardingClient.start starts a new run of a
   * withdrawn consortium's workflow id); anything else is refused in words.
   */
  async restart(consortiumId: string, by: Attribution): Promise<StartResult> {
    const consortium = await this.consortia.get(consortiumId);
    const before = await this.onboarding.state(consortiumId);
    if (before.phase !== 'WITHDRAWN') throw conflict(`Only a withdrawn onboarding can be restarted; consortium ${consortiumId} is in phase ${before.phase}.`);
    const result = await this.onboarding.start(consortium);
    if (!result.created) throw conflict(`The withdrawn onboarding of consortium ${consortiumId} could not be started again.`);
    await this.record(by, 'start', consortiumId, null, 'Onboarding restarted after withdrawal');
    return result;
  }

  async survey(code: string, answer: SurveyAnswer, by: Attribution): Promise<OnboardingState> {
    const { consortiumId } = await this.municipalities.get(code);
    const state = await this.onboarding.update(consortiumId, recordSurvey, { municipalityCode: code, answer, actor: by.actor }, by.idempotencyKey);
    const summary = `Pre-survey: ${answer.intendsToJoin ? 'intends to join' : 'does not intend to join'}, "${answer.desiredSchedule}", contact ${answer.contactEmail}`;
    await this.record(by, 'survey', consortiumId, code, summary);
    return state;
  }

  async signature(code: string, signature: Signature, by: Attribution): Promise<OnboardingState> {
    const { consortiumId } = await this.municipalities.get(code);
    const state = await this.onboarding.update(consortiumId, recordSignature, { municipalityCode: code, signature, actor: by.actor }, by.idempotencyKey);
    await this.record(by, 'signature', consortiumId, code, `Signed on ${signature.signedOn} by ${signature.signatory}`);
    return state;
  }

  async completeStep(consortiumId: string, step: string, by: Attribution): Promise<OnboardingState> {
    await this.consortia.get(consortiumId);
    const state = await this.onboarding.update(consortiumId, completeIntegrationStep, { step, actor: by.actor }, by.idempotencyKey);
    await this.record(by, 'integration-step', consortiumId, null, `Integration step "${step}" done`);
    return state;
  }

  async withdraw(consortiumId: string, reason: string, by: Attribution): Promise<OnboardingState> {
    await this.consortia.get(consortiumId);
    const state = await this.onboarding.update(consortiumId, withdrawOnboarding, { reason, actor: by.actor }, by.idempotencyKey);
    await this.record(by, 'withdraw', consortiumId, null, `Withdrawn: ${reason}`);
    return state;
  }

  async move(code: string, targetConsortiumId: string, by: Attribution): Promise<MembershipChange> {
    const change = await this.membership.move(code, targetConsortiumId, by.idempotencyKey);
    if (change.from.consortiumId !== change.to.consortiumId) {
      const summary = `Municipality ${code} moved from ${change.from.consortiumId} to ${change.to.consortiumId}`;
      await this.record(by, 'membership', change.from.consortiumId, code, summary);
      await this.record(by, 'membership', change.to.consortiumId, code, summary);
    }
    return change;
  }

  private record(by: Attribution, action: AuditedAction, consortiumId: string | null, municipalityCode: string | null, summary: string) {
    return this.audit.record({ actor: by.actor, via: by.via, action, consortiumId, municipalityCode, summary });
  }
}
