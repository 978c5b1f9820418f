import { ApiParam } from '@nestjs/swagger';
import { arrayOf, objectOf, SchemaObject, string } from '../http/openapi-schemas';
import { CONSORTIUM_ID } from './consortia.service';

/** The `consortiumId` path parameter: a consortium's slug, as the service checks it. */
export const ApiConsortiumId = () =>
  ApiParam({ name: 'consortiumId', description: 'Consortium (kimppa) id of lower-case letters, digits and hyphens, e.g. helmet', schema: { type: 'string', pattern: CONSORTIUM_ID.source, example: 'helmet' } });

export const CONSORTIUM_SCHEMA: SchemaObject = objectOf({
  id: { type: 'string', pattern: CONSORTIUM_ID.source, example: 'helmet' },
  name: string,
  kind: string,
  municipalityCodes: arrayOf(string),
});
