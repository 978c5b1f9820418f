// The OpenAPI document, generated from the controllers, completed with what every route shares:
// bearer authentication (but on the public routes) and errors as problem details.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

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
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ProblemDetails: PROBLEM_DETAILS } };
  for (const [path, item] of Object.entries(document.paths)) {
    const isPublic = PUBLIC_PATHS.some((pattern) => pattern.test(path));
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.security = isPublic ? [] : [{ bearer: [] }];
      operation.responses = {
        ...operation.responses,
        '4XX': operation.responses['4XX'] ?? problemResponse('Refused: bad input, no or insufficient token, unknown target, step out of order, too many requests'),
        '5XX': operation.responses['5XX'] ?? problemResponse('Our side failed, or a dependency was unavailable'),
      };
    }
  }
  return document;
}
