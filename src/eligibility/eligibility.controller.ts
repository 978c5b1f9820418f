import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiQuery, ApiResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EligibilityCheckResult } from '../../workflows/eligibility/contract';
import { CurrentPrincipal, LoginServiceOnly, Principal, RateLimit, StaffRead } from '../auth/roles';
import { ApiMetrics } from '../observability/metrics';
import { IDENTITY_CODE_SHAPE, parseEligibilityCheckBody } from './eligibility-request';
import { CHECK_RESULT_SCHEMA, STATS_SCHEMA } from './eligibility.openapi';
import { EligibilityClient } from './eligibility.client';
import { EligibilityStats, EligibilityStatsService } from './eligibility-stats.service';

/** A period's end: a day (its midnight, UTC) or an instant. */
const INSTANT = { anyOf: [{ type: 'string', format: 'date' }, { type: 'string', format: 'date-time' }] };

/** Seconds the login service should wait before asking again when the register was unavailable. */
export const RETRY_AFTER_SECONDS = 5;

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
        personId: { type: 'string', pattern: IDENTITY_CODE_SHAPE, description: 'henkilötunnus of the user, or of the child a guardian acts for' },
        guardianId: { type: 'string', pattern: IDENTITY_CODE_SHAPE, description: 'henkilötunnus of the authenticated guardian acting for the child, not the child\'s' },
      },
    },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A repeated request (same key, same body) gets the same check; a "try again later" is not kept: the retry checks afresh. The same key with another body is refused (422).',
  })
  @ApiOkResponse({ description: 'ALLOW or DENY, with the reason and a message in Finnish, Swedish and English', schema: CHECK_RESULT_SCHEMA })
  @ApiResponse({ status: 503, description: 'UNAVAILABLE / REGISTER_UNAVAILABLE: try again after Retry-After seconds', schema: CHECK_RESULT_SCHEMA })
  @ApiResponse({ status: 400, description: 'Malformed body or identity code (problem+json naming the field)' })
  @ApiUnprocessableEntityResponse({ description: 'A well-formed identity code that is no one\'s (no such date, wrong check character), the guardian\'s the same as the child\'s, or an Idempotency-Key used for a different request' })
  @ApiTooManyRequestsResponse({ description: 'Too many checks from this caller; try again after Retry-After seconds' })
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
  @ApiQuery({ name: 'from', required: false, description: 'Start of the period (default: 30 days before to)', schema: INSTANT })
  @ApiQuery({ name: 'to', required: false, description: 'End of the period, exclusive (default: now)', schema: INSTANT })
  @ApiOkResponse({ description: 'Checks in the period by decision, reason and municipality; nothing that identifies a person', schema: STATS_SCHEMA })
  @ApiUnprocessableEntityResponse({ description: 'The period is empty: from is not before to' })
  stats(@Query('from') from?: string, @Query('to') to?: string): Promise<EligibilityStats> {
    return this.statistics.stats(from, to);
  }
}
