import { Module } from '@nestjs/common';
import { OnboardingModule } from '../onboarding/onboarding.module';
import { JoiningRoundsController } from './joining-rounds.controller';
import { JoiningRoundsService } from './joining-rounds.service';

@Module({ imports: [OnboardingModule], controllers: [JoiningRoundsController], providers: [JoiningRoundsService] })
export class JoiningRoundsModule {}
