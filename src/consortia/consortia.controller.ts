import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRead } from '../auth/roles';
import { ConsortiaService, ConsortiumView } from './consortia.service';

@ApiTags('consortia')
@StaffRead()
@Controller('consortia')
export class ConsortiaController {
  constructor(@Inject(ConsortiaService) private readonly consortia: ConsortiaService) {}

  @Get()
  list(): Promise<ConsortiumView[]> {
    return this.consortia.list();
  }

  @Get(':consortiumId')
  get(@Param('consortiumId') id: string): Promise<ConsortiumView> {
    return this.consortia.get(id);
  }
}
