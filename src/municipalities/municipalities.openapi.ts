import { ApiParam } from '@nestjs/swagger';
import { boolean, integer, isoDate, nullable, objectOf, SchemaObject, string } from '../http/openapi-schemas';
import { MUNICIPALITY_CODE } from './municipalities.service';

/** The `code` path parameter: Statistics Finland's three-digit municipality code. */
export const ApiMunicipalityCode = () =>
  ApiParam({ name: 'code', description: 'Municipality (kunta) code, three digits, e.g. 091 for Helsinki', schema: { type: 'string', pattern: MUNICIPALITY_CODE.source, example: '091' } });

export const MUNICIPALITY_SCHEMA: SchemaObject = objectOf({
  code: { type: 'string', pattern: MUNICIPALITY_CODE.source, example: '091' },
  nameFi: string,
  nameSv: string,
  population: integer,
  consortiumId: string,
  joined: boolean,
  joinedAt: nullable(isoDate),
});
