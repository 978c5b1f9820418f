import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { ConsortiaModule } from './consortia/consortia.module';
import { DatabaseModule } from './database/database.module';
import { EligibilityModule } from './eligibility/eligibility.module';
import { JoiningRoundsModule } from './joining-rounds/joining-rounds.module';
import { MunicipalitiesModule } from './municipalities/municipalities.module';
import { OnboardingModule } from './onboarding/onboarding.module';
import { ObservabilityModule } from './observability/observability.module';
import { OverviewModule } from './overview/overview.module';
import { TemporalModule } from './temporal/temporal.module';

@Module({
  imports: [ConfigModule, ObservabilityModule.forRoot(), DatabaseModule, TemporalModule, MunicipalitiesModule, ConsortiaModule, OnboardingModule, JoiningRoundsModule, EligibilityModule, OverviewModule],
})
export class AppModule {}
