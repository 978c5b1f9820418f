import { Body, Controller, Get, HttpStatus, Inject, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, StaffAction, StaffRead, type Principal } from '../auth/roles';
import { RoundActions } from '../console/round-actions';
import { apiAttribution } from '../console/staff-actions';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { IsCalendarDate } from '../http/dto-validators';
import { arrayOf } from '../http/openapi-schemas';
import { JOINING_ROUND_SCHEMA } from './joining-rounds.openapi';
import { JoiningRoundsService, JoiningRoundView } from './joining-rounds.service';

/**
 * Letters (Finnish and Swedish ones included), digits, spaces, dots, hyphens and underscores. Spelt out
 * rather than \p{L}: the OpenAPI document carries it, and clients' regular expressions lack \p{…}.
 */
const ROUND_NAME = '^[A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF][A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF ._-]*$';

export class JoiningRoundDto {
  @ApiProperty({ example: '2024-autumn', maxLength: 100, pattern: ROUND_NAME })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(new RegExp(ROUND_NAME, 'u'), { message: 'name may hold letters, digits, spaces, dots, hyphens and underscores' })
  name!: string;

  @ApiProperty({ example: '2024-09-15', format: 'date', description: 'Last day a consortium\'s last signature may fall on' })
  @IsCalendarDate()
  signingDeadline!: string;

  @ApiProperty({ example: '2024-11-01', format: 'date', description: 'Go-live day (Europe/Helsinki)' })
  @IsCalendarDate()
  goLiveDate!: string;
}

@ApiTags('joining rounds')
@StaffRead()
@Controller('joining-rounds')
export class JoiningRoundsController {
  constructor(
    @Inject(JoiningRoundsService) private readonly rounds: JoiningRoundsService,
    @Inject(RoundActions) private readonly actions: RoundActions,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'The joining rounds by go-live date', schema: arrayOf(JOINING_ROUND_SCHEMA) })
  list(): Promise<JoiningRoundView[]> {
    return this.rounds.list();
  }

  /**
   * 201 for a new round, 200 when the same round existed. Either way the round's announcement to every
   * running onboarding is started (once per round, durably): a request that failed after the insert
   * and is repeated still announces.
   */
  @Post()
  @StaffAction()
  @ApiCreatedResponse({ description: 'The round was created, and every running onboarding told', schema: JOINING_ROUND_SCHEMA })
  @ApiOkResponse({ description: 'The same round existed already', schema: JOINING_ROUND_SCHEMA })
  @ApiConflictResponse({ description: 'A round of that name exists with other dates' })
  @ApiUnprocessableEntityResponse({ description: 'The go-live date is before the signing deadline' })
  async create(
    @Body() body: JoiningRoundDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<JoiningRoundView> {
    const { created, round } = await this.actions.createRound({ ...body }, apiAttribution(principal));
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return round;
  }
}
