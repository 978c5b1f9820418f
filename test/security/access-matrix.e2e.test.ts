// Every route × every kind of caller, on the real system (database, Temporal dev server, worker, API).
// Only the status class is asserted: 401 without or with a bad token, 403 for a role the route does
// not admit, anything else (2xx, 400, 404, 409…) when it admits the role: the guard let it through.
// Path parameters name things that do not exist, so that admitted calls change nothing.
import type { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import request from 'supertest';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevSigningKey } from '../../src/auth/dev-signing-key';
import type { Role } from '../../src/auth/roles';
import { startTestStack, type TestStack } from '../support/stack';

const READ: Role[] = ['staff', 'operator', 'admin'];
const STAFF_ACTION: Role[] = ['staff', 'admin'];
const LOGIN_SERVICE: Role[] = ['login-service'];
const OPERATOR: Role[] = ['operator', 'admin'];

interface RouteCase {
  method: 'GET' | 'POST';
  /** The route as Express knows it. */
  pattern: string;
  path: string;
  allowed: Role[];
  body?: object;
}

/** The access matrix of the API (the same as docs/access-policy.md). */
export const MATRIX: RouteCase[] = [
  { method: 'GET', pattern: '/consortia', path: '/consortia', allowed: READ },
  { method: 'GET', pattern: '/consortia/:consortiumId', path: '/consortia/no-such', allowed: READ },
  { method: 'GET', pattern: '/consortia/:consortiumId/onboarding', path: '/consortia/no-such/onboarding', allowed: READ },
  { method: 'POST', pattern: '/consortia/:consortiumId/onboarding', path: '/consortia/no-such/onboarding', allowed: STAFF_ACTION },
  { method: 'POST', pattern: '/consortia/:consortiumId/onboarding/withdraw', path: '/consortia/no-such/onboarding/withdraw', allowed: STAFF_ACTION, body: { reason: 'x' } },
  { method: 'POST', pattern: '/consortia/:consortiumId/integration/:step/complete', path: '/consortia/no-such/integration/app-presence/complete', allowed: STAFF_ACTION },
  { method: 'GET', pattern: '/municipalities', path: '/municipalities', allowed: READ },
  { method: 'GET', pattern: '/municipalities/:code', path: '/municipalities/000', allowed: READ },
  { method: 'POST', pattern: '/municipalities/:code/survey', path: '/municipalities/000/survey', allowed: STAFF_ACTION, body: {} },
  { method: 'POST', pattern: '/municipalities/:code/signature', path: '/municipalities/000/signature', allowed: STAFF_ACTION, body: {} },
  { method: 'POST', pattern: '/municipalities/:code/consortium', path: '/municipalities/000/consortium', allowed: STAFF_ACTION, body: {} },
  { method: 'GET', pattern: '/joining-rounds', path: '/joining-rounds', allowed: READ },
  { method: 'POST', pattern: '/joining-rounds', path: '/joining-rounds', allowed: STAFF_ACTION, body: {} },
  { method: 'POST', pattern: '/eligibility/checks', path: '/eligibility/checks', allowed: LOGIN_SERVICE, body: {} },
  { method: 'GET', pattern: '/eligibility/stats', path: '/eligibility/stats', allowed: READ },
  { method: 'POST', pattern: '/eligibility/dependents', path: '/eligibility/dependents', allowed: LOGIN_SERVICE, body: {} },
  { method: 'POST', pattern: '/eligibility/audit/search', path: '/eligibility/audit/search', allowed: READ, body: {} },
  { method: 'GET', pattern: '/overview', path: '/overview', allowed: READ },
  { method: 'GET', pattern: '/overview/stats', path: '/overview/stats', allowed: READ },
  { method: 'GET', pattern: '/overview/survey', path: '/overview/survey', allowed: READ },
  { method: 'GET', pattern: '/overview/map.svg', path: '/overview/map.svg', allowed: READ },
  { method: 'GET', pattern: '/overview/refresh', path: '/overview/refresh', allowed: READ },
  { method: 'POST', pattern: '/codec/encode', path: '/codec/encode', allowed: OPERATOR, body: { payloads: [] } },
  { method: 'POST', pattern: '/codec/decode', path: '/codec/decode', allowed: OPERATOR, body: { payloads: [] } },
  // The staff console: pages for readers, forms for staff (a session's forms also need their CSRF token).
  { method: 'GET', pattern: '/console', path: '/console', allowed: READ },
  { method: 'GET', pattern: '/console/consortia/:consortiumId', path: '/console/consortia/no-such', allowed: READ },
  ...['start', 'restart', 'survey', 'signature', 'integration', 'withdraw', 'move', 'survey-link', 'survey-link/revoke'].map(
    (form): RouteCase => ({ method: 'POST', pattern: `/console/consortia/:consortiumId/${form}`, path: `/console/consortia/no-such/${form}`, allowed: STAFF_ACTION, body: {} }),
  ),
  { method: 'GET', pattern: '/console/joining-rounds', path: '/console/joining-rounds', allowed: READ },
  { method: 'POST', pattern: '/console/joining-rounds', path: '/console/joining-rounds', allowed: STAFF_ACTION, body: {} },
  { method: 'POST', pattern: '/console/joining-rounds/:roundId', path: '/console/joining-rounds/no-such', allowed: STAFF_ACTION, body: {} },
];

/** Routes open to everyone: health and metrics (when they exist), the API docs, staff sign-in, survey links. */
const PUBLIC = /^\/(health(\/.*)?|metrics|auth\/(sign-in|callback|sign-out|signed-out)|survey\/:token)$/;

const ROLES: Role[] = ['staff', 'operator', 'admin', 'login-service'];

/** Method and path of every route Express serves (the Nest routes and the API docs). */
function expressRoutes(app: INestApplication): { method: string; path: string }[] {
  const router = app.getHttpAdapter().getInstance().router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  return router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((m) => ({ method: m.toUpperCase(), path: layer.route!.path })));
}

describe('who may call what (every route × every caller)', () => {
  let stack: TestStack;
  const tokens = {} as Record<Role, string>;
  let expired: string;
  const http = () => request(stack.app.getHttpServer());
  const send = (route: RouteCase, headers: Record<string, string>) => {
    const req = route.method === 'GET' ? http().get(route.path) : http().post(route.path);
    req.set(headers);
    return route.body ? req.send(route.body) : req;
  };

  beforeAll(async () => {
    stack = await startTestStack();
    for (const role of ROLES) tokens[role] = stack.tokens[role];
    const now = Math.floor(Date.now() / 1000);
    expired = await new SignJWT({ roles: ROLES })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject('dev-admin')
      .setIssuedAt(now - 9 * 3600)
      .setExpirationTime(now - 3600)
      .sign(loadDevSigningKey(stack.config).privateKey);
  });
  afterAll(() => stack?.stop());

  it('has every route of the application in the matrix, and every route not in it is public', () => {
    // Middleware is registered as routes too (the codec's CORS on /codec/*path): not endpoints.
    const served = expressRoutes(stack.app).filter((r) => !r.path.startsWith('/docs') && !r.path.includes('*'));
    const inMatrix = new Set(MATRIX.map((r) => `${r.method} ${r.pattern}`));
    const missing = served.filter((r) => !inMatrix.has(`${r.method} ${r.path}`) && !PUBLIC.test(r.path));
    expect(missing).toEqual([]);
    const stale = MATRIX.filter((r) => !served.some((s) => s.method === r.method && s.path === r.pattern));
    expect(stale).toEqual([]);
  });

  describe.each(MATRIX)('$method $pattern', (route) => {
    it('answers 401 with WWW-Authenticate: Bearer without a token', async () => {
      const res = await send(route, {});
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('answers 401 with a forged or expired token', async () => {
      const forged = tokens.admin.slice(0, -4) + (tokens.admin.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await send(route, { authorization: `Bearer ${forged}` })).status).toBe(401);
      expect((await send(route, { authorization: `Bearer ${expired}` })).status).toBe(401);
    });

    it.each(ROLES)('%s: admitted only if the matrix says so', async (role) => {
      const res = await send(route, { authorization: `Bearer ${tokens[role]}` });
      if (route.allowed.includes(role)) {
        expect([401, 403]).not.toContain(res.status);
        expect(res.status).toBeLessThan(500);
      } else {
        expect(res.status).toBe(403);
        expect(res.body.detail).toContain(route.allowed.join(', '));
      }
    });
  });

  it('answers public routes (health, metrics) without a token', async () => {
    const refused: string[] = [];
    for (const route of expressRoutes(stack.app).filter((r) => PUBLIC.test(r.path) && r.method === 'GET')) {
      const res = await http().get(route.path);
      if (res.status === 401 || res.status === 403) refused.push(`${route.path} → ${res.status} (missing @Public()?)`);
    }
    expect(refused).toEqual([]);
  });

  it('keeps the API docs public', async () => {
    await http().get('/docs/openapi.json').expect(200);
    const docs = await http().get('/docs');
    expect([200, 301]).toContain(docs.status);
  });
});
