import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { StaffRead } from '../auth/roles';
import { arrayOf } from '../http/openapi-schemas';
import { ApiConsortiumId, CONSORTIUM_SCHEMA } from './consortia.openapi';
import { ConsortiaService, ConsortiumView } from './consortia.service';

@ApiTags('consortia')
@StaffRead()
@Controller('consortia')
export class ConsortiaController {
  constructor(@Inject(ConsortiaService) private readonly consortia: ConsortiaService) {}

  @Get()
  @ApiOkResponse({ description: 'All library consortia (kimpat) with their member municipalities', schema: arrayOf(CONSORTIUM_SCHEMA) })
  list(): Promise<ConsortiumView[]> {
    return this.consortia.list();
  }

  @Get(':consortiumId')
  @ApiConsortiumId()
  @ApiOkResponse({ description: 'The consortium with its member municipalities', schema: CONSORTIUM_SCHEMA })
  get(@Param('consortiumId') id: string): Promise<ConsortiumView> {
    return this.consortia.get(id);
  }
}
