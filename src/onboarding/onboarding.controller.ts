import { Controller, Get, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ConsortiaService } from '../consortia/consortia.service';
import type { OnboardingState } from '../../workflows/onboarding/contract';
import { OnboardingClient } from './onboarding.client';

@ApiTags('onboarding')
@Controller()
export class OnboardingController {
  constructor(
    @Inject(ConsortiaService) private readonly consortia: ConsortiaService,
    @Inject(OnboardingClient) private readonly onboarding: OnboardingClient,
  ) {}

  /** 201 when this call started it, 200 when it was already there. */
  @Post('consortia/:consortiumId/onboarding')
  async start(@Param('consortiumId') consortiumId: string, @Res({ passthrough: true }) res: Response): Promise<OnboardingState> {
    const consortium = await this.consortia.get(consortiumId);
    const { created, state } = await this.onboarding.start(consortium);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return state;
  }

  @Get('consortia/:consortiumId/onboarding')
  async get(@Param('consortiumId') consortiumId: string): Promise<OnboardingState> {
    await this.consortia.get(consortiumId);
    return this.onboarding.state(consortiumId);
  }
}
