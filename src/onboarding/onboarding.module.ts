import { Module } from '@nestjs/common';
import { ConsortiaModule } from '../consortia/consortia.module';
import { MunicipalitiesModule } from '../municipalities/municipalities.module';
import { OnboardingClient } from './onboarding.client';
import { OnboardingController } from './onboarding.controller';

@Module({
  imports: [ConsortiaModule, MunicipalitiesModule],
  controllers: [OnboardingController],
  providers: [OnboardingClient],
  exports: [OnboardingClient],
})
export class OnboardingModule {}
