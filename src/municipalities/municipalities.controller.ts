import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StaffRead } from '../auth/roles';
import { badRequest } from '../http/problem';
import { arrayOf } from '../http/openapi-schemas';
import { ApiMunicipalityCode, MUNICIPALITY_SCHEMA } from './municipalities.openapi';
import { MunicipalitiesService, MunicipalityView } from './municipalities.service';

function parseJoinedFilter(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw badRequest('The query parameter joined must be true or false.', [{ field: 'joined', problem: 'must be true or false' }]);
}

@ApiTags('municipalities')
@StaffRead()
@Controller('municipalities')
export class MunicipalitiesController {
  constructor(@Inject(MunicipalitiesService) private readonly municipalities: MunicipalitiesService) {}

  @Get()
  @ApiQuery({ name: 'joined', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ description: 'All municipalities (kunnat), with their consortium and joined status', schema: arrayOf(MUNICIPALITY_SCHEMA) })
  list(@Query('joined') joined?: string): Promise<MunicipalityView[]> {
    return this.municipalities.list({ joined: parseJoinedFilter(joined) });
  }

  @Get(':code')
  @ApiMunicipalityCode()
  @ApiOkResponse({ description: 'The municipality, with its consortium and joined status', schema: MUNICIPALITY_SCHEMA })
  get(@Param('code') code: string): Promise<MunicipalityView> {
    return this.municipalities.get(code);
  }
}
