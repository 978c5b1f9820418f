import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { StaffRead } from '../auth/roles';
import { ApiConsortiumId } from './consortia.openapi';
import { ConsortiaService, ConsortiumView } from './consortia.service';

@ApiTags('consortia')
@StaffRead()
@Controller('consortia')
export class ConsortiaController {
  constructor(@Inject(ConsortiaService) private readonly consortia: ConsortiaService) {}

  @Get()
  @ApiOkResponse({ description: 'All library consortia (kimpat) with their member municipalities' })
  list(): Promise<ConsortiumView[]> {
    return this.consortia.list();
  }

  @Get(':consortiumId')
  @ApiConsortiumId()
  @ApiOkResponse({ description: 'The consortium with its member municipalities' })
  get(@Param('consortiumId') id: string): Promise<ConsortiumView> {
    return this.consortia.get(id);
  }
}
