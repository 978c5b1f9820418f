import { ApiParam } from '@nestjs/swagger';
import { MUNICIPALITY_CODE } from './municipalities.service';

/** The `code` path parameter: Statistics Finland's three-digit municipality code. */
export const ApiMunicipalityCode = () =>
  ApiParam({ name: 'code', description: 'Municipality (kunta) code, three digits, e.g. 091 for Helsinki', schema: { type: 'string', pattern: MUNICIPALITY_CODE.source, example: '091' } });
