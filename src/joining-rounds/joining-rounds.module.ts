import { Module } from '@nestjs/common';
import { JoiningRoundsController } from './joining-rounds.controller';
import { JoiningRoundsService } from './joining-rounds.service';
import { RoundAnnouncer } from './round-announcer';
import { RoundActions } from '../console/round-actions';

@Module({
  controllers: [JoiningRoundsController],
  providers: [JoiningRoundsService, RoundAnnouncer, RoundActions],
  exports: [JoiningRoundsService, RoundActions],
})
export class JoiningRoundsModule {}
