import { Body, Controller, Headers, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { StaffAction } from '../auth/roles';
import { ProblemException } from '../http/problem';
import { MembershipChange, MembershipService, MOVE_RETRY_AFTER_SECONDS } from './membership.service';
import { ConsortiumMembershipDto } from './onboarding.dto';

@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@StaffAction()
@Controller()
export class MembershipController {
  constructor(@Inject(MembershipService) private readonly membership: MembershipService) {}

  /**
   * Moves a municipality into another consortium, its survey answer and signature with it. Refused
   * (409) into a consortium that is scheduled, live or withdrawn, out of one that is scheduled, and for
   * a municipality already live; repeated with the same Idempotency-Key, the same move's outcome.
   */
  @Post('municipalities/:code/consortium')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeated request with the same key is the same move' })
  @ApiResponse({ status: 409, description: 'The move is refused; the detail says why' })
  @ApiResponse({ status: 503, description: 'The move is still under way: repeat with the same Idempotency-Key after Retry-After seconds' })
  async move(
    @Param('code') code: string,
    @Body() body: ConsortiumMembershipDto,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<MembershipChange> {
    try {
      return await this.membership.move(code, body.consortiumId, key || undefined);
    } catch (err) {
      if (err instanceof ProblemException && err.getStatus() === HttpStatus.SERVICE_UNAVAILABLE) {
        res.setHeader('Retry-After', String(MOVE_RETRY_AFTER_SECONDS));
      }
      throw err;
    }
  }
}
