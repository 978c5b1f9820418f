import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, StaffAction, type Principal } from '../auth/roles';
import { apiAttribution, StaffActions } from '../console/staff-actions';
import { ApiMunicipalityCode } from '../municipalities/municipalities.openapi';
import type { MembershipChange } from './membership.service';
import { MEMBERSHIP_CHANGE_SCHEMA } from './onboarding.openapi';
import { ConsortiumMembershipDto } from './onboarding.dto';

@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@StaffAction()
@Controller()
export class MembershipController {
  constructor(@Inject(StaffActions) private readonly actions: StaffActions) {}

  /**
   * Moves a municipality into another consortium, its survey answer and signature with it. Refused
   * (409) into a consortium that is scheduled, live or withdrawn, out of one that is scheduled, and for
   * a municipality already live; repeated with the same Idempotency-Key, the same move's outcome.
   */
  @Post('municipalities/:code/consortium')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeated request with the same key is the same move' })
  @ApiMunicipalityCode()
  @ApiOkResponse({ description: 'Where the municipality was and is now, the answers that moved with it, and both onboardings after the move', schema: MEMBERSHIP_CHANGE_SCHEMA })
  @ApiConflictResponse({ description: 'The move is refused; the detail says why' })
  @ApiUnprocessableEntityResponse({ description: 'The move would leave a consortium without members' })
  @ApiServiceUnavailableResponse({ description: 'The move is still under way: repeat with the same Idempotency-Key after Retry-After seconds' })
  move(
    @Param('code') code: string,
    @Body() body: ConsortiumMembershipDto,
    @Headers('idempotency-key') key?: string,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MembershipChange> {
    return this.actions.move(code, body.consortiumId, apiAttribution(principal, key));
  }
}
