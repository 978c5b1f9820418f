import { Module } from '@nestjs/common';
import { ConsortiaModule } from '../consortia/consortia.module';
import { MunicipalitiesModule } from '../municipalities/municipalities.module';
import { MembershipService } from './membership.service';
import { OnboardingClient } from './onboarding.client';
import { OnboardingController } from './onboarding.controller';
import { StaffActions } from '../console/staff-actions';

@Module({
  imports: [ConsortiaModule, MunicipalitiesModule],
  controllers: [OnboardingController],
  providers: [OnboardingClient, MembershipService, StaffActions],
  exports: [OnboardingClient, StaffActions],
})
export class OnboardingModule {}
