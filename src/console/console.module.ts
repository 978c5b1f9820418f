import { Module } from '@nestjs/common';
import { ConsortiaModule } from '../consortia/consortia.module';
import { JoiningRoundsModule } from '../joining-rounds/joining-rounds.module';
import { MunicipalitiesModule } from '../municipalities/municipalities.module';
import { OnboardingModule } from '../onboarding/onboarding.module';
import { ConsoleController } from './console.controller';
import { ConsoleService } from './console.service';
import { SurveyLinkController } from './survey-link.controller';

/** The staff console (pages and forms) and the municipalities' survey-link pages. */
@Module({
  imports: [ConsortiaModule, MunicipalitiesModule, OnboardingModule, JoiningRoundsModule],
  controllers: [ConsoleController, SurveyLinkController],
  providers: [ConsoleService],
})
export class ConsoleModule {}
