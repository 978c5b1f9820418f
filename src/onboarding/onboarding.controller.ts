import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, StaffAction, StaffRead, type Principal } from '../auth/roles';
import { apiAttribution as by, StaffActions } from '../console/staff-actions';
import type { Response } from 'express';
import { ApiConsortiumId } from '../consortia/consortia.openapi';
import { CONSORTIUM_ID, ConsortiaService } from '../consortia/consortia.service';
import { ApiMunicipalityCode } from '../municipalities/municipalities.openapi';
import type { OnboardingState } from '../../workflows/onboarding/contract';
import { notFound } from '../http/problem';
import { OnboardingClient } from './onboarding.client';
import { ONBOARDING_STATE_SCHEMA } from './onboarding.openapi';
import { SignatureDto, SurveyAnswerDto, WithdrawDto } from './onboarding.dto';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'A repeated request with the same key (same route, target and body) is applied once and answers with the current state; the same key with another request is refused (422).',
};
const STATE = { description: 'The onboarding state after the action', schema: ONBOARDING_STATE_SCHEMA };
const OUT_OF_ORDER = { description: 'The action does not fit the onboarding\'s phase, or it has ended' };
const REFUSED = { description: 'The workflow refused the values (e.g. a signature dated in the future, a blank reason)' };
/** Integration step ids are short slugs, like consortium ids. */
const STEP_PARAM = { name: 'step', description: 'Integration step id from the checklist, e.g. patron-authentication', schema: { type: 'string' as const, pattern: CONSORTIUM_ID.source } };

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

  /** 201 when this call started it (also after a withdrawal: a new onboarding), 200 when one runs or went live. */
  @Post('consortia/:consortiumId/onboarding')
  @ApiConsortiumId()
  @ApiCreatedResponse({ description: 'This call started the onboarding; its state', schema: ONBOARDING_STATE_SCHEMA })
  @ApiOkResponse({ description: 'The onboarding was already running; its state', schema: ONBOARDING_STATE_SCHEMA })
  @ApiConflictResponse({ description: 'The consortium cannot start an onboarding now' })
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
  @ApiConsortiumId()
  @ApiOkResponse({ description: 'The onboarding state: phase, members\' answers and signatures, checklist, round', schema: ONBOARDING_STATE_SCHEMA })
  @ApiConflictResponse({ description: 'No onboarding has been started for the consortium' })
  async get(@Param('consortiumId') consortiumId: string): Promise<OnboardingState> {
    await this.consortia.get(consortiumId);
    return this.onboarding.state(consortiumId);
  }

  @Post('consortia/:consortiumId/onboarding/withdraw')
  @HttpCode(200)
  @ApiConsortiumId()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse(STATE)
  @ApiConflictResponse(OUT_OF_ORDER)
  @ApiUnprocessableEntityResponse(REFUSED)
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
  @ApiConsortiumId()
  @ApiParam(STEP_PARAM)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse(STATE)
  @ApiConflictResponse(OUT_OF_ORDER)
  @ApiUnprocessableEntityResponse(REFUSED)
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
  @ApiMunicipalityCode()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse(STATE)
  @ApiConflictResponse(OUT_OF_ORDER)
  @ApiUnprocessableEntityResponse(REFUSED)
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
  @ApiMunicipalityCode()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse(STATE)
  @ApiConflictResponse(OUT_OF_ORDER)
  @ApiUnprocessableEntityResponse(REFUSED)
  async signature(
    @Param('code') code: string,
    @Body() signature: SignatureDto,
    @Headers('idempotency-key') key?: string,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<OnboardingState> {
    return this.actions.signature(code, { ...signature }, by(principal, key));
  }
}
