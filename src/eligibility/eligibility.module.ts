import { Module } from '@nestjs/common';
import { EligibilityClient } from './eligibility.client';
import { EligibilityController } from './eligibility.controller';
import { EligibilityStatsService } from './eligibility-stats.service';

@Module({ controllers: [EligibilityController], providers: [EligibilityClient, EligibilityStatsService] })
export class EligibilityModule {}
