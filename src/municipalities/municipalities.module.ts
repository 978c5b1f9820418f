import { Module } from '@nestjs/common';
import { MunicipalitiesController } from './municipalities.controller';
import { MunicipalitiesService } from './municipalities.service';

@Module({ controllers: [MunicipalitiesController], providers: [MunicipalitiesService], exports: [MunicipalitiesService] })
export class MunicipalitiesModule {}
