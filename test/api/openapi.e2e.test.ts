import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { startTestStack, TestStack } from '../support/stack';

type Operation = {
  parameters?: { name: string; in: string; schema?: { pattern?: string; enum?: unknown[] } }[];
  responses: Record<string, unknown>;
  requestBody?: unknown;
};

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

  it('constrains every path parameter, documents a success for every operation and closes every body', () => {
    const schemas = (document as unknown as { components: { schemas: Record<string, { additionalProperties?: unknown }> } }).components.schemas;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item) as [string, Operation][]) {
        const route = `${method.toUpperCase()} ${path}`;
        const unconstrained = (operation.parameters ?? []).filter((p) => p.in === 'path' && !p.schema?.pattern && !p.schema?.enum).map((p) => p.name);
        expect([route, unconstrained]).toEqual([route, []]);
        expect([route, Object.keys(operation.responses).some((status) => /^2/.test(status))]).toEqual([route, true]);
        const body = (operation.requestBody as { content?: Record<string, { schema: { $ref?: string; additionalProperties?: unknown } }> } | undefined)?.content?.['application/json']?.schema;
        const closed = body && (body.$ref ? schemas[body.$ref.split('/').pop()!] : body).additionalProperties;
        if (body) expect([route, closed]).toEqual([route, false]);
      }
    }
  });

  it('refuses an unexpected body field of any name with 400, never a 500 (the name is no regular expression)', async () => {
    for (const name of [')', '[', '(a+)+$', 'x'.repeat(64)]) {
      const res = await stack.http('staff').post('/consortia/helmet/onboarding/withdraw').send({ reason: 'council said no', [name]: 1 });
      expect([name, res.status, res.headers['content-type']]).toEqual([name, 400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field: name, problem: expect.stringContaining('should not exist') }]));
    }
  });

  it('answers a method a known path does not take with 405 and Allow, as a problem', async () => {
    const trace = await stack.http('staff').trace('/consortia');
    expect([trace.status, trace.headers.allow, trace.headers['content-type']]).toEqual([405, 'GET, HEAD', expect.stringContaining('application/problem+json')]);
    const del = await stack.http('staff').delete('/joining-rounds');
    expect([del.status, del.headers.allow]).toEqual([405, 'GET, HEAD, POST']);
    const put = await stack.http('staff').put('/municipalities/091');
    expect([put.status, put.headers.allow]).toEqual([405, 'GET, HEAD']);
    await stack.http('staff').get('/no-such-path').expect(404);
  });

  it('refuses parameters its schema forbids and takes those it allows', async () => {
    const lang = document.paths['/overview'].get as unknown as { parameters: { name: string; schema: { enum: string[] } }[] };
    expect(lang.parameters.find((p) => p.name === 'lang')?.schema.enum).toEqual(['fi', 'sv', 'en']);
    await stack.http('staff').get('/overview?lang=').expect(400);
    await stack.http('staff').get('/overview?lang=de').expect(400);
    await stack.http('staff').get('/overview/map.svg?lang=sv').expect(200);
    await stack.http('staff').get('/municipalities/91').expect(400);
    await stack.http('staff').get('/municipalities/999').expect(404);
    await stack.http('staff').get('/eligibility/stats?from=2024-01-01&to=2024-02-01T00:00:00Z').expect(200);
    await stack.http('staff').get('/eligibility/stats?from=yesterday').expect(400);
    await stack.http('staff').get('/eligibility/stats?from=2024-02-01&to=2024-01-01').expect(422);
  });
});
