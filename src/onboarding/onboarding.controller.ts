import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, StaffAction, StaffRead, type Principal } from '../auth/roles';
import { actorOf } from '../console/staff-audit';
import { type Attribution, StaffActions } from '../console/staff-actions';
import type { Response } from 'express';
import { ConsortiaService } from '../consortia/consortia.service';
import type { OnboardingState } from '../../workflows/onboarding/contract';
import { notFound } from '../http/problem';
import { OnboardingClient } from './onboarding.client';
import type { MembershipChange } from './membership.service';
import { ConsortiumMembershipDto, SignatureDto, SurveyAnswerDto, WithdrawDto } from './onboarding.dto';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'A repeated request with the same key is applied once' };

@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@StaffAction()
@Controller()
export class OnboardingController {
  constructor(
    @Inject(ConsortiaService) private readonly consortia: ConsortiaService,
    @Inject(OnboardingClient) private readonly onboarding: OnboardingClient,
    @Inject(StaffActions) private readonly actions: StaffActions,
  ) {}

  /** 201 when this call started it, 200 when it was already there. */
  @Post('consortia/:consortiumId/onboarding')
  async start(
    @Param('consortiumId') consortiumId: string,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<OnboardingState> {
    const { created, state } = await this.actions.start(consortiumId, by(principal));
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return state;
  }

  @Get('consortia/:consortiumId/onboarding')
  @StaffRead()
  async get(@Param('consortiumId') consortiumId: string): Promise<OnboardingState> {
    await this.consortia.get(consortiumId);
    return this.onboarding.state(consortiumId);
  }

  @Post('consortia/:consortiumId/onboarding/withdraw')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async withdraw(
    @Param('consortiumId') consortiumId: string,
    @Body() body: WithdrawDto,
    @Headers('idempotency-key') key?: string,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<OnboardingState> {
    return this.actions.withdraw(consortiumId, body.reason, by(principal, key));
  }

  @Post('consortia/:consortiumId/integration/:step/complete')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async completeStep(
    @Param('consortiumId') consortiumId: string,
    @Param('step') step: string,
    @Headers('idempotency-key') key?: string,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<OnboardingState> {
    await this.consortia.get(consortiumId);
    // Step ids are short slugs; anything else names no step (and is not echoed back).
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(step)) throw notFound('There is no such integration step. GET the onboarding to see its checklist.');
    return this.actions.completeStep(consortiumId, step, by(principal, key));
  }

  @Post('municipalities/:code/survey')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async survey(
    @Param('code') code: string,
    @Body() answer: SurveyAnswerDto,
    @Headers('idempotency-key') key?: string,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<OnboardingState> {
    return this.actions.survey(code, { ...answer }, by(principal, key));
  }

  @Post('municipalities/:code/signature')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async signature(
    @Param('code') code: string,
    @Body() signature: SignatureDto,
    @Headers('idempotency-key') key?: string,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<OnboardingState> {
    return this.actions.signature(code, { ...signature }, by(principal, key));
  }

  /** Idempotent: moving a municipality where it already is changes nothing. */
  @Post('municipalities/:code/consortium')
  @HttpCode(200)
  move(@Param('code') code: string, @Body() body: ConsortiumMembershipDto, @CurrentPrincipal() principal?: Principal): Promise<MembershipChange> {
    return this.actions.move(code, body.consortiumId, by(principal));
  }
}

/** The caller, carried into the workflow update and the audit of staff actions. */
function by(principal: Principal | undefined, idempotencyKey?: string): Attribution {
  return { actor: actorOf(principal), via: 'api', idempotencyKey };
}
