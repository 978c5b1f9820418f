import { Module } from '@nestjs/common';
import { ConsortiaModule } from '../consortia/consortia.module';
import { MunicipalitiesModule } from '../municipalities/municipalities.module';
import { MembershipController } from './membership.controller';
import { MembershipService } from './membership.service';
import { OnboardingClient } from './onboarding.client';
import { OnboardingController } from './onboarding.controller';
import { StaffIdempotencyKeys } from './staff-idempotency';
import { StaffActions } from '../console/staff-actions';

@Module({
  imports: [ConsortiaModule, MunicipalitiesModule],
  controllers: [OnboardingController, MembershipController],
  providers: [OnboardingClient, MembershipService, StaffIdempotencyKeys, StaffActions],
  exports: [OnboardingClient, StaffActions],
})
export class OnboardingModule {}
