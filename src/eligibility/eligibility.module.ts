import { Module } from '@nestjs/common';
import { AuditRetentionSchedule } from './audit-retention.schedule';
import { AuditSearchService } from './audit-search.service';
import { DependentsClient } from './dependents.client';
import { EligibilityClient } from './eligibility.client';
import { EligibilityController } from './eligibility.controller';
import { EligibilityStatsService } from './eligibility-stats.service';
import { RegisterSupportController } from './register-support.controller';

@Module({
  controllers: [EligibilityController, RegisterSupportController],
  providers: [EligibilityClient, EligibilityStatsService, DependentsClient, AuditSearchService, AuditRetentionSchedule],
})
export class EligibilityModule {}
