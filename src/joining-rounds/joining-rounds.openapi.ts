import { instant, isoDate, objectOf, SchemaObject, string } from '../http/openapi-schemas';

export const JOINING_ROUND_SCHEMA: SchemaObject = objectOf({
  id: string,
  name: string,
  signingDeadline: isoDate,
  goLiveDate: isoDate,
  createdAt: instant,
});
