import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { Public } from './auth/roles';
import { CodecModule } from './codec/codec.module';
import { ConsoleModule } from './console/console.module';
import { StaffAuditModule } from './console/staff-audit';
import { ConfigModule } from './config/config.module';
import { ConsortiaModule } from './consortia/consortia.module';
import { DatabaseModule } from './database/database.module';
import { EligibilityModule } from './eligibility/eligibility.module';
import { JoiningRoundsModule } from './joining-rounds/joining-rounds.module';
import { MunicipalitiesModule } from './municipalities/municipalities.module';
import { OnboardingModule } from './onboarding/onboarding.module';
import { ObservabilityModule } from './observability/observability.module';
import { OverviewModule } from './overview/overview.module';
import { HttpDrain } from './http/http-drain';
import { TemporalModule } from './temporal/temporal.module';

@Module({
  providers: [HttpDrain],
  imports: [ConfigModule, ObservabilityModule.forRoot({ controllerDecorators: [Public()] }), DatabaseModule, TemporalModule, MunicipalitiesModule, ConsortiaModule, OnboardingModule, JoiningRoundsModule, EligibilityModule, OverviewModule, AuthModule, CodecModule, StaffAuditModule, ConsoleModule],
})
export class AppModule {}
