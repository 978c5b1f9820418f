import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EligibilityCheckResult } from '../../workflows/eligibility/contract';
import { CurrentPrincipal, LoginServiceOnly, Principal, RateLimit, StaffRead } from '../auth/roles';
import { ApiMetrics } from '../observability/metrics';
import { parseEligibilityCheckBody } from './eligibility-request';
import { EligibilityClient } from './eligibility.client';
import { EligibilityStats, EligibilityStatsService } from './eligibility-stats.service';

/** Seconds the login service should wait before asking again when the register was unavailable. */
const RETRY_AFTER_SECONDS = 5;

@ApiTags('eligibility')
@Controller('eligibility')
export class EligibilityController {
  constructor(
    @Inject(EligibilityClient) private readonly eligibility: EligibilityClient,
    @Inject(EligibilityStatsService) private readonly statistics: EligibilityStatsService,
    @Inject(ApiMetrics) private readonly metrics: ApiMetrics,
  ) {}

  @Post('checks')
  @LoginServiceOnly()
  @RateLimit('eligibility')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['personId'],
      additionalProperties: false,
      properties: {
        personId: { type: 'string', description: 'henkilötunnus of the user, or of the child a guardian acts for' },
        guardianId: { type: 'string', description: 'henkilötunnus of the authenticated guardian acting for the child' },
      },
    },
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeated request with the same key gets the same check' })
  @ApiOkResponse({ description: 'ALLOW or DENY, with the reason and a message in Finnish, Swedish and English' })
  @ApiResponse({ status: 503, description: 'UNAVAILABLE / REGISTER_UNAVAILABLE: try again after Retry-After seconds' })
  @ApiResponse({ status: 400, description: 'Malformed body or identity code (problem+json naming the field)' })
  async check(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<EligibilityCheckResult> {
    const request = parseEligibilityCheckBody(body);
    const caller = principal?.subject ?? 'login-service';
    const result = await this.eligibility.check(request, this.eligibility.checkIdFor(idempotencyKey, caller), caller);
    this.metrics.recordEligibilityDecision(result);
    if (result.decision === 'UNAVAILABLE') {
      res.status(503).setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    return result;
  }

  @Get('stats')
  @StaffRead()
  stats(@Query('from') from?: string, @Query('to') to?: string): Promise<EligibilityStats> {
    return this.statistics.stats(from, to);
  }
}
