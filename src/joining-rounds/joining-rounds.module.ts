import { Module } from '@nestjs/common';
import { OnboardingModule } from '../onboarding/onboarding.module';
import { JoiningRoundsController } from './joining-rounds.controller';
import { JoiningRoundsService } from './joining-rounds.service';
import { RoundActions } from '../console/round-actions';

@Module({ imports: [OnboardingModule], controllers: [JoiningRoundsController], providers: [JoiningRoundsService, RoundActions], exports: [JoiningRoundsService, RoundActions] })
export class JoiningRoundsModule {}
