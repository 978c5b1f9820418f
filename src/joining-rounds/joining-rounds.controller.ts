import { Body, Controller, Get, HttpStatus, Inject, Post, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { StaffAction, StaffRead } from '../auth/roles';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { IsCalendarDate } from '../http/dto-validators';
import { JoiningRoundsService, JoiningRoundView } from './joining-rounds.service';
import { RoundAnnouncer } from './round-announcer';

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
    @Inject(RoundAnnouncer) private readonly announcer: RoundAnnouncer,
  ) {}

  @Get()
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
  async create(@Body() body: JoiningRoundDto, @Res({ passthrough: true }) res: Response): Promise<JoiningRoundView> {
    const { created, round } = await this.rounds.create({ ...body });
    await this.announcer.announce(round.id);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return round;
  }
}
