import { Module } from '@nestjs/common';
import { JoiningRoundsController } from './joining-rounds.controller';
import { JoiningRoundsService } from './joining-rounds.service';
import { RoundAnnouncer } from './round-announcer';

@Module({ controllers: [JoiningRoundsController], providers: [JoiningRoundsService, RoundAnnouncer] })
export class JoiningRoundsModule {}
