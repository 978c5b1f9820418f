import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { StaffAction, StaffRead } from '../auth/roles';
import type { Response } from 'express';
import { ConsortiaService } from '../consortia/consortia.service';
import { MunicipalitiesService } from '../municipalities/municipalities.service';
import {
  completeIntegrationStep,
  OnboardingState,
  recordSignature,
  recordSurvey,
  withdrawOnboarding,
} from '../../workflows/onboarding/contract';
import { notFound } from '../http/problem';
import { OnboardingClient } from './onboarding.client';
import { refuseStartWithoutMembers } from './start-preconditions';
import { SignatureDto, SurveyAnswerDto, WithdrawDto } from './onboarding.dto';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'A repeated request with the same key is applied once' };

@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@StaffAction()
@Controller()
export class OnboardingController {
  constructor(
    @Inject(ConsortiaService) private readonly consortia: ConsortiaService,
    @Inject(MunicipalitiesService) private readonly municipalities: MunicipalitiesService,
    @Inject(OnboardingClient) private readonly onboarding: OnboardingClient,
  ) {}

  /** 201 when this call started it, 200 when it was already there. */
  @Post('consortia/:consortiumId/onboarding')
  async start(@Param('consortiumId') consortiumId: string, @Res({ passthrough: true }) res: Response): Promise<OnboardingState> {
    const consortium = await this.consortia.get(consortiumId);
    refuseStartWithoutMembers(consortium);
    const { created, state } = await this.onboarding.start(consortium);
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
  ): Promise<OnboardingState> {
    await this.consortia.get(consortiumId);
    return this.onboarding.update(consortiumId, withdrawOnboarding, { reason: body.reason }, key);
  }

  @Post('consortia/:consortiumId/integration/:step/complete')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async completeStep(
    @Param('consortiumId') consortiumId: string,
    @Param('step') step: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<OnboardingState> {
    await this.consortia.get(consortiumId);
    // Step ids are short slugs; anything else names no step (and is not echoed back).
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(step)) throw notFound('There is no such integration step. GET the onboarding to see its checklist.');
    return this.onboarding.update(consortiumId, completeIntegrationStep, { step }, key);
  }

  @Post('municipalities/:code/survey')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async survey(@Param('code') code: string, @Body() answer: SurveyAnswerDto, @Headers('idempotency-key') key?: string): Promise<OnboardingState> {
    const municipality = await this.municipalities.get(code);
    return this.onboarding.update(municipality.consortiumId, recordSurvey, { municipalityCode: code, answer: { ...answer } }, key);
  }

  @Post('municipalities/:code/signature')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async signature(@Param('code') code: string, @Body() signature: SignatureDto, @Headers('idempotency-key') key?: string): Promise<OnboardingState> {
    const municipality = await this.municipalities.get(code);
    return this.onboarding.update(municipality.consortiumId, recordSignature, { municipalityCode: code, signature: { ...signature } }, key);
  }
}
