// OpenAPI schemas of the eligibility routes added for the real register: complete, so that a
// schema-driven fuzzer (schemathesis) knows every field, pattern and status.
import { ELIGIBILITY_DECISIONS, ELIGIBILITY_REASONS } from '../../workflows/eligibility/contract';
import { IDENTITY_CODE_SHAPE } from './eligibility-request';

const identityCode = (description: string) => ({ type: 'string', pattern: IDENTITY_CODE_SHAPE, description });

export const identityCodeBody = (field: string, description: string) => ({
  type: 'object',
  required: [field],
  additionalProperties: false,
  properties: { [field]: identityCode(description) },
});

const message = {
  type: 'object',
  required: ['fi', 'sv', 'en'],
  additionalProperties: false,
  properties: { fi: { type: 'string' }, sv: { type: 'string' }, en: { type: 'string' } },
};

const municipalityCode = { type: 'string', pattern: '^[0-9]{3}$', nullable: true };

export const DEPENDENTS_RESULT = {
  type: 'object',
  required: ['lookupId', 'checkedAt', 'status', 'dependents'],
  properties: {
    lookupId: { type: 'string' },
    checkedAt: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['OK', 'UNAVAILABLE'] },
    message: { ...message, description: 'With UNAVAILABLE: try again later' },
    dependents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['personId', 'age', 'decision', 'reason', 'municipalityCode', 'message'],
        properties: {
          personId: identityCode("the ward's henkilötunnus, as the register lists it"),
          age: { type: 'integer', minimum: 0, maximum: 17 },
          decision: { type: 'string', enum: [...ELIGIBILITY_DECISIONS] },
          reason: { type: 'string', enum: [...ELIGIBILITY_REASONS] },
          municipalityCode,
          message,
        },
      },
    },
  },
};

export const AUDIT_SEARCH_RESULT = {
  type: 'object',
  required: ['checks', 'queries'],
  properties: {
    checks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['checkId', 'checkedAt', 'role', 'decision', 'reason', 'municipalityCode'],
        properties: {
          checkId: { type: 'string' },
          checkedAt: { type: 'string', format: 'date-time' },
          role: { type: 'string', enum: ['subject', 'guardian'] },
          decision: { type: 'string', enum: [...ELIGIBILITY_DECISIONS] },
          reason: { type: 'string', enum: [...ELIGIBILITY_REASONS] },
          municipalityCode,
        },
      },
    },
    queries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['queriedAt', 'product', 'endUser', 'checkId', 'returnCode', 'outcome'],
        properties: {
          queriedAt: { type: 'string', format: 'date-time' },
          product: { type: 'string', enum: ['PERUSSANOMA 1', 'Huoltaja-Huollettavat'] },
          endUser: { type: 'string' },
          checkId: { type: 'string' },
          returnCode: { type: 'string', nullable: true },
          outcome: { type: 'string' },
        },
      },
    },
  },
};

export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});
