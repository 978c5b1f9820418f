import { Module } from '@nestjs/common';
import { ConsortiaController } from './consortia.controller';
import { ConsortiaService } from './consortia.service';

@Module({ controllers: [ConsortiaController], providers: [ConsortiaService], exports: [ConsortiaService] })
export class ConsortiaModule {}
