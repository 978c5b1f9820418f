import { Body, Controller, Get, HttpStatus, Inject, Post, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, StaffAction, StaffRead, type Principal } from '../auth/roles';
import { RoundActions } from '../console/round-actions';
import { actorOf } from '../console/staff-audit';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { IsCalendarDate } from '../http/dto-validators';
import { JoiningRoundsService, JoiningRoundView } from './joining-rounds.service';

export class JoiningRoundDto {
  @ApiProperty({ example: '2024-autumn' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, { message: 'name may hold letters, digits, spaces, dots, hyphens and underscores' })
  name!: string;

  @ApiProperty({ example: '2024-09-15', description: 'Last day a consortium\'s last signature may fall on' })
  @IsCalendarDate()
  signingDeadline!: string;

  @ApiProperty({ example: '2024-11-01', description: 'Go-live day (Europe/Helsinki)' })
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
  list(): Promise<JoiningRoundView[]> {
    return this.rounds.list();
  }

  /** 201 for a new round (and every running onboarding is told), 200 when the same round existed. */
  @Post()
  @StaffAction()
  async create(
    @Body() body: JoiningRoundDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<JoiningRoundView> {
    const { created, round } = await this.actions.createRound({ ...body }, { actor: actorOf(principal), via: 'api' });
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return round;
  }
}
