// Small building blocks for the answers' OpenAPI schemas in the features' *.openapi.ts files.
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export type { SchemaObject };

export const string: SchemaObject = { type: 'string' };
export const integer: SchemaObject = { type: 'integer' };
export const boolean: SchemaObject = { type: 'boolean' };
export const isoDate: SchemaObject = { type: 'string', format: 'date' };
export const instant: SchemaObject = { type: 'string', format: 'date-time' };
export const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
export const arrayOf = (items: SchemaObject): SchemaObject => ({ type: 'array', items });

/** An object whose listed properties are all present (answers may gain more). */
export const objectOf = (properties: Record<string, SchemaObject>, description?: string): SchemaObject => ({
  type: 'object',
  ...(description && { description }),
  required: Object.keys(properties),
  properties,
});
