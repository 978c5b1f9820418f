// The routes added with the real register: a guardian's dependents for the login service, and the
// audit lookup for staff and operators. Identity codes travel only in bodies, never in URLs.
import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { DependentsResult } from '../../workflows/eligibility/dependents';
import { CurrentPrincipal, LoginServiceOnly, Principal, RateLimit, StaffRead } from '../auth/roles';
import { AuditSearchResult, AuditSearchService } from './audit-search.service';
import { DependentsClient } from './dependents.client';
import { parseIdentityCodeBody } from './eligibility-request';
import { RETRY_AFTER_SECONDS } from './eligibility.controller';
import { EligibilityClient } from './eligibility.client';
import { AUDIT_SEARCH_RESULT, DEPENDENTS_RESULT, identityCodeBody, problem } from './openapi-schemas';

const WELL_FORMED_NO_ONE = 'A well-formed identity code that is no one\'s: no such date, a wrong check character, or a birth date in the future';

@ApiTags('eligibility')
@Controller('eligibility')
export class RegisterSupportController {
  constructor(
    @Inject(DependentsClient) private readonly dependents: DependentsClient,
    @Inject(EligibilityClient) private readonly eligibility: EligibilityClient,
    @Inject(AuditSearchService) private readonly audit: AuditSearchService,
  ) {}

  @Post('dependents')
  @LoginServiceOnly()
  @RateLimit('eligibility')
  @HttpCode(200)
  @ApiBody({ schema: identityCodeBody('guardianId', 'henkilötunnus of the signed-in guardian') })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeated request with the same key gets the same lookup' })
  @ApiResponse({ status: 200, description: "The guardian's wards under 18, each with its decision (none: an empty list)", schema: DEPENDENTS_RESULT })
  @ApiResponse({ status: 400, ...problem('Malformed body or identity code (problem+json naming the field, never echoing the code)') })
  @ApiResponse({ status: 401, ...problem('No bearer token, or an invalid or expired one') })
  @ApiResponse({ status: 403, ...problem('Only the login service may ask') })
  @ApiResponse({ status: 422, ...problem(WELL_FORMED_NO_ONE) })
  @ApiResponse({ status: 429, ...problem('Too many requests: wait Retry-After seconds') })
  @ApiResponse({ status: 503, description: 'UNAVAILABLE: the register could not answer in time; try again after Retry-After seconds', schema: DEPENDENTS_RESULT })
  async listDependents(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<DependentsResult> {
    const { guardianId } = parseIdentityCodeBody(body, 'guardianId');
    const caller = principal?.subject ?? 'login-service';
    // Keyed apart from checks: the same key for a check and a lookup are two requests.
    const lookupId = this.eligibility.checkIdFor(idempotencyKey, `${caller}\0dependents`);
    const result = await this.dependents.lookup(guardianId, lookupId, caller);
    if (result.status === 'UNAVAILABLE') res.status(503).setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return result;
  }

  @Post('audit/search')
  @StaffRead()
  @HttpCode(200)
  @ApiBody({ schema: identityCodeBody('personId', 'henkilötunnus of the person whose checks and register queries are looked up') })
  @ApiResponse({ status: 200, description: "The person's checks (as the one checked or as guardian) and register queries, newest first; this lookup is itself audited", schema: AUDIT_SEARCH_RESULT })
  @ApiResponse({ status: 400, ...problem('Malformed body or identity code (problem+json naming the field, never echoing the code)') })
  @ApiResponse({ status: 401, ...problem('No bearer token, or an invalid or expired one') })
  @ApiResponse({ status: 403, ...problem('Only staff, operators and admins may look up the audit') })
  @ApiResponse({ status: 422, ...problem(WELL_FORMED_NO_ONE) })
  searchAudit(@Body() body: unknown, @CurrentPrincipal() principal: Principal | undefined): Promise<AuditSearchResult> {
    const { personId } = parseIdentityCodeBody(body, 'personId');
    return this.audit.search(personId, principal?.subject ?? 'unknown');
  }
}
