import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ConsortiaService, ConsortiumView } from './consortia.service';

@ApiTags('consortia')
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
