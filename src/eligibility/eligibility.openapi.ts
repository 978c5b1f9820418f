// OpenAPI descriptions of the eligibility answers (the types live in workflows/eligibility/contract.ts).
import { ELIGIBILITY_DECISIONS, ELIGIBILITY_REASONS } from '../../workflows/eligibility/contract';
import { arrayOf, instant, integer, nullable, objectOf, SchemaObject, string } from '../http/openapi-schemas';

export const CHECK_RESULT_SCHEMA: SchemaObject = objectOf({
  checkId: string,
  checkedAt: instant,
  decision: { type: 'string', enum: [...ELIGIBILITY_DECISIONS] },
  reason: { type: 'string', enum: [...ELIGIBILITY_REASONS] },
  municipalityCode: nullable(string),
  message: objectOf({ fi: string, sv: string, en: string }, 'The answer to show the user'),
});

const counts: SchemaObject = { type: 'object', additionalProperties: integer };

export const STATS_SCHEMA: SchemaObject = objectOf({
  from: instant,
  to: instant,
  total: integer,
  byDecision: counts,
  byReason: counts,
  byMunicipality: arrayOf(objectOf({ municipalityCode: string, total: integer, allowed: integer })),
});
