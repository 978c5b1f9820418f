// The OpenAPI document, generated from the controllers, completed with what every route shares:
// bearer authentication (but on the public routes) and errors as problem details.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { MediaTypeObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { FORBIDDEN_KEY_NAMES } from './json-shape';

/** Routes that answer without a token (see docs/access-policy.md). */
const PUBLIC_PATHS = [/^\/health\//, /^\/metrics$/];

const PROBLEM_DETAILS = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: 'Conflict' },
    status: { type: 'integer', example: 409 },
    detail: { type: 'string', example: 'Municipality 186 has not answered the pre-survey; record its survey answer before its signature.' },
    instance: { type: 'string', example: '/municipalities/186/signature' },
    errors: {
      type: 'array',
      description: 'Field-level problems of a rejected body or parameter',
      items: { type: 'object', properties: { field: { type: 'string' }, problem: { type: 'string' } } },
    },
  },
};

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

/**
 * `@Headers('idempotency-key')` in a handler makes Nest list a required header of that exact name
 * beside the `@ApiHeader` that documents it: keep the documented one (header names are case-insensitive).
 */
function withoutDuplicateHeaders(parameters: (ParameterObject | ReferenceObject)[]): (ParameterObject | ReferenceObject)[] {
  const headers = parameters.filter((p): p is ParameterObject => 'in' in p && p.in === 'header');
  const kept = new Map<string, ParameterObject>();
  for (const header of headers) {
    const name = header.name.toLowerCase();
    const other = kept.get(name);
    if (!other || (header.description && !other.description)) kept.set(name, header);
  }
  return parameters.filter((p) => !('in' in p) || p.in !== 'header' || kept.get(p.name.toLowerCase()) === p);
}

/** A property that must be absent. */
const ABSENT: SchemaObject = { not: {} };

/**
 * A request body's schema saying what the JSON shape check (json-shape.ts) refuses: an object that takes
 * keys of its own choosing (the codec's payload metadata) takes none of the forbidden names. Copies.
 */
function withoutForbiddenKeys(schema: SchemaObject | ReferenceObject): SchemaObject | ReferenceObject {
  if ('$ref' in schema) return schema;
  const copy: SchemaObject = { ...schema };
  if (copy.properties) copy.properties = Object.fromEntries(Object.entries(copy.properties).map(([k, v]) => [k, withoutForbiddenKeys(v)]));
  if (copy.items) copy.items = withoutForbiddenKeys(copy.items);
  if (copy.additionalProperties && typeof copy.additionalProperties === 'object') copy.additionalProperties = withoutForbiddenKeys(copy.additionalProperties);
  if (copy.type === 'object' && copy.additionalProperties !== false) {
    copy.properties = { ...copy.properties, ...Object.fromEntries(FORBIDDEN_KEY_NAMES.map((name) => [name, ABSENT])) };
  }
  return copy;
}

/**
 * Every refusal is a problem (RFC 9457): every error response gets that schema, and
 * the refusals every route shares are listed with their status: 400 for a bad parameter or body, 404 for
 * a path naming nothing, 413 and 415 for a body too large or not UTF-8 JSON, 503 when a token cannot be
 * checked (auth.guard.ts).
 */
function withProblemResponses(operation: OperationObject, path: string, isPublic: boolean): OperationObject['responses'] {
  const responses: Record<string, ResponseObject | ReferenceObject | undefined> = { ...operation.responses };
  if (operation.parameters?.length || operation.requestBody) responses['400'] ??= { description: 'A parameter or the body is malformed (the problem names the field)' };
  if (path.includes('{')) responses['404'] ??= { description: 'Nothing is found at this path' };
  if (operation.requestBody) {
    responses['413'] ??= { description: 'The body is larger than this API takes' };
    responses['415'] ??= { description: 'The body is not UTF-8 JSON' };
  }
  if (!isPublic) responses['503'] ??= { description: "The token could not be checked just now (the issuer's keys were unreachable): try again shortly" };
  responses['4XX'] ??= { description: 'Refused: bad input, no or insufficient token, unknown target, step out of order, too many requests' };
  responses['5XX'] ??= { description: 'Our side failed, or a dependency was unavailable' };
  for (const [status, response] of Object.entries(responses)) {
    if (!/^[45]/.test(status) || !response || '$ref' in response) continue;
    // An error may always come as a problem, also where the route has an answer of its own (a 503 check).
    responses[status] = { ...response, content: { ...response.content, ...problemResponse(response.description).content } };
  }
  return responses;
}

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('E-kirjasto joining orchestrator')
      .setDescription(
        'Consortium onboarding to E-kirjasto and per-login eligibility checks (National Library of Finland). ' +
          'Errors are problem details (RFC 9457) with a readable `detail`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
  );
  // The validation pipe refuses fields a body's class does not declare (forbidNonWhitelisted). Only
  // request bodies: answers may gain fields without breaking clients.
  const bodyNames = new Set(
    JSON.stringify(Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => operation?.requestBody)))
      .match(/#\/components\/schemas\/[^"]+/g)
      ?.map((ref) => ref.slice('#/components/schemas/'.length)),
  );
  const schemas = Object.fromEntries(
    Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [
      name,
      bodyNames.has(name) && 'properties' in schema && !('additionalProperties' in schema) ? { ...schema, additionalProperties: false } : schema,
    ]),
  );
  document.components = { ...document.components, schemas: { ...schemas, ProblemDetails: PROBLEM_DETAILS } };
  for (const [path, item] of Object.entries(document.paths)) {
    const isPublic = PUBLIC_PATHS.some((pattern) => pattern.test(path));
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.security = isPublic ? [] : [{ bearer: [] }];
      if (operation.parameters) operation.parameters = withoutDuplicateHeaders(operation.parameters);
      if (operation.requestBody && 'content' in operation.requestBody) {
        for (const media of Object.values(operation.requestBody.content as Record<string, MediaTypeObject>)) if (media.schema) media.schema = withoutForbiddenKeys(media.schema);
      }
      operation.responses = withProblemResponses(operation, path, isPublic);
    }
  }
  return document;
}
