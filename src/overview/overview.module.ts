import { Module } from '@nestjs/common';
import { MunicipalityGeometry } from './map/geometry';
import { OverviewController } from './overview.controller';
import { OverviewService } from './overview.service';

/** The staff overview: joining status on a map of Finland, headline figures and the pre-survey. */
@Module({ controllers: [OverviewController], providers: [OverviewService, MunicipalityGeometry] })
export class OverviewModule {}
