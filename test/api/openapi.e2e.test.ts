import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { startTestStack, TestStack } from '../support/stack';

describe('the OpenAPI document at /docs/openapi.json', () => {
  let stack: TestStack;
  let document: { openapi: string; paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown>; requestBody?: unknown }>> };

  beforeAll(async () => {
    stack = await startTestStack();
    document = (await request(stack.app.getHttpServer()).get('/docs/openapi.json').expect(200)).body;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('describes every route the API serves', () => {
    const routes = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    const expected = [
      'GET /consortia',
        'GET /municipalities/{code}',
        'POST /consortia/{consortiumId}/onboarding',
        'GET /consortia/{consortiumId}/onboarding',
        'POST /consortia/{consortiumId}/onboarding/withdraw',
        'POST /consortia/{consortiumId}/integration/{step}/complete',
        'POST /municipalities/{code}/survey',
        'POST /municipalities/{code}/signature',
        'POST /municipalities/{code}/consortium',
        'GET /joining-rounds',
        'POST /joining-rounds',
        'POST /eligibility/checks',
        'GET /eligibility/stats',
        'GET /overview',
        'GET /overview/map.svg',
        'POST /codec/decode',
        'GET /health/ready',
    ];
    expect(expected.filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('gives every operation its error shape and its authentication, and the bodies their schemas', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect([`${method} ${path}`, operation.responses['4XX']]).toEqual([
          `${method} ${path}`,
          expect.objectContaining({ content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } } }),
        ]);
        const isPublic = path.startsWith('/health/') || path === '/metrics';
        expect([`${method} ${path}`, operation.security]).toEqual([`${method} ${path}`, isPublic ? [] : [{ bearer: [] }]]);
      }
    }
    for (const [path, method] of [
      ['/municipalities/{code}/survey', 'post'],
      ['/municipalities/{code}/signature', 'post'],
      ['/joining-rounds', 'post'],
      ['/eligibility/checks', 'post'],
    ]) {
      expect([path, document.paths[path][method].requestBody]).toEqual([path, expect.objectContaining({ content: expect.anything() })]);
    }
  });
});
