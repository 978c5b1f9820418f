// The guard on its own, on a small application with routes of each kind: what a caller sees for each
// way a token can be missing, wrong or insufficient; the rate limit; the external issuer modes; the
// development-only access of the local Temporal UI; `npm run token`.
import { Controller, Get, Global, INestApplication, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { z } from 'zod';
import { authConfigProblems, authConfigShape, type AuthConfig } from '../../src/auth/auth.config';
import { isLoopback } from '../../src/auth/auth.guard';
import { AuthModule } from '../../src/auth/auth.module';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevSigningKey, signDevToken } from '../../src/auth/dev-signing-key';
import { RateLimiter } from '../../src/auth/rate-limiter';
import { AllowLocalTemporalUi, LoginServiceOnly, OperatorAccess, Public, RateLimit, StaffRead, type Role } from '../../src/auth/roles';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { codecConfigShape, type CodecConfig } from '../../src/codec/codec.config';
import { APP_CONFIG } from '../../src/config/config.module';
import { installJsonBody } from '../../src/http/json-body';
import { ProblemFilter } from '../../src/http/problem';

@Controller('t')
class ProbeController {
  @Get('public')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('read')
  @StaffRead()
  read() {
    return { ok: true };
  }

  @Post('check')
  @LoginServiceOnly()
  @RateLimit('eligibility')
  check() {
    return { ok: true };
  }

  @Get('undeclared')
  undeclared() {
    return { ok: true };
  }

  @Post('ui')
  @OperatorAccess()
  @AllowLocalTemporalUi()
  ui() {
    return { ok: true };
  }
}

type Config = AuthConfig & CodecConfig;
const tmp = mkdtempSync(path.join(tmpdir(), 'auth-guard-'));
const DEV_KEY_FILE = path.join(tmp, 'dev-jwt-key.json');

function configFrom(env: Record<string, string>): Config {
  const parsed = z.object({ ...authConfigShape, ...codecConfigShape }).parse({ AUTH_DEV_KEY_FILE: DEV_KEY_FILE, ...env });
  return { ...parsed, NODE_ENV: (env.NODE_ENV ?? 'test') as Config['NODE_ENV'] };
}

async function startApp(env: Record<string, string> = {}): Promise<{ app: INestApplication; config: Config }> {
  const config = configFrom(env);
  @Global()
  @Module({ providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] })
  class TestConfigModule {}
  const moduleRef = await Test.createTestingModule({ imports: [TestConfigModule, AuthModule], controllers: [ProbeController] }).compile();
  const app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
  // The parts of configureApp the guard meets (not its logging and metrics, which need AppModule).
  installJsonBody(app);
  app.useGlobalFilters(new ProblemFilter());
  await app.init();
  return { app, config };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function expectProblem(res: request.Response, status: number, detail: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'about:blank', status, title: expect.any(String), detail: expect.stringMatching(detail) });
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('with the development signing key', () => {
  let app: INestApplication;
  let config: Config;
  const http = () => request(app.getHttpServer());
  const token = (roles: Role[], options?: { subject?: string; ttl?: string }) => signDevToken(config, roles, options);
  const devKey = () => loadDevSigningKey(config);
  const claims = (more: object = {}) => ({ roles: ['staff'], ...more });
  const signed = (payload: object, key: KeyObject = devKey().privateKey, edit: (jwt: SignJWT) => SignJWT = (j) => j) =>
    edit(
      new SignJWT(payload as Record<string, unknown>)
        .setProtectedHeader({ alg: 'EdDSA' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject('someone')
        .setIssuedAt()
        .setExpirationTime('1h'),
    ).sign(key);

  beforeAll(async () => ({ app, config } = await startApp({ ELIGIBILITY_RATE_LIMIT_PER_MINUTE: '3' })));
  afterAll(() => app?.close());

  it('admits a caller with an admitted role, and anyone on a public route', async () => {
    await http().get('/t/read').set(bearer(await token(['staff']))).expect(200);
    await http().get('/t/public').expect(200);
    await http().get('/t/public').set(bearer('not-a-token')).expect(200);
  });

  it('answers 401 with WWW-Authenticate: Bearer and a hint when there is no token', async () => {
    const res = await http().get('/t/read');
    expectProblem(res, 401, /needs a bearer token.*npm run --silent token/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="ekirjasto-joining"$/);
  });

  it('answers 401 for an Authorization header of another scheme', async () => {
    const res = await http().get('/t/read').set('authorization', 'Basic dXNlcjpwYXNz');
    expectProblem(res, 401, /must be "Bearer <token>"/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_request"/);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['garbage', async () => 'abc.def.ghi', /malformed/],
    ['an expired token', async () => signed(claims(), undefined, (j) => j.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600)), /expired/],
    ['a token signed with another key', async () => signed(claims(), generateKeyPairSync('ed25519').privateKey), /signature is not valid/],
    ['a token of another issuer', async () => signed(claims(), undefined, (j) => j.setIssuer('https://evil.example')), /issuer this API does not trust/],
    ['a token for another audience', async () => signed(claims(), undefined, (j) => j.setAudience('another-api')), /another audience/],
    ['a token that is not valid yet', async () => signed(claims(), undefined, (j) => j.setNotBefore('1h')), /not valid yet/],
    ['a token without a subject', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'EdDSA' }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h').sign(devKey().privateKey), /no subject/],
    ['an unsigned token (alg none)', async () => new UnsecuredJWT(claims()).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setSubject('x').setExpirationTime('1h').encode(), /algorithm|malformed/],
    ['an HS256 token', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setSubject('x').setExpirationTime('1h').sign(randomBytes(32)), /algorithm/],
  ])('answers 401 for %s, never echoing it', async (_, make, detail) => {
    const jwt = await make();
    const res = await http().get('/t/read').set(bearer(jwt));
    expectProblem(res, 401, detail);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    expect(JSON.stringify(res.body)).not.toContain(jwt);
  });

  it('reuses a verified token only until its expiry, and hands out copies', async () => {
    const verifier = new TokenVerifier(configFrom({ AUTH_CLOCK_TOLERANCE_SECONDS: '0' }));
    const now = Math.floor(Date.now() / 1000);
    const jwt = await signed(claims(), undefined, (j) => j.setIssuedAt(now).setExpirationTime(now + 2));
    const first = await verifier.verify(jwt);
    first.roles.push('admin');
    expect((await verifier.verify(jwt)).roles).toEqual(['staff']);
    await new Promise((r) => setTimeout(r, (now + 2) * 1000 - Date.now() + 200));
    await expect(verifier.verify(jwt)).rejects.toThrow(/expired/);
  });

  it('answers 403 naming the roles needed for a role the route does not admit', async () => {
    const res = await http().post('/t/check').set(bearer(await token(['staff'])));
    expectProblem(res, 403, /POST \/t\/check needs one of the roles login-service; your role \(staff\) may not call it/);
    const none = await http().get('/t/read').set(bearer(await signed({ roles: ['superuser'] })));
    expectProblem(none, 403, /carries no role this API knows/);
    const login = await http().get('/t/read').set(bearer(await token(['login-service'])));
    expectProblem(login, 403, /needs one of the roles staff, operator, admin/);
  });

  it('refuses a route that declares no access policy to everyone, admins included', async () => {
    expectProblem(await http().get('/t/undeclared').set(bearer(await token(['admin']))), 403, /declares no access policy/);
  });

  it('limits each caller separately and answers 429 with Retry-After past the limit', async () => {
    const limiter = app.get(RateLimiter);
    let now = Date.now();
    limiter.now = () => now;
    try {
      const a = bearer(await token(['login-service'], { subject: 'login-a' }));
      const b = bearer(await token(['login-service'], { subject: 'login-b' }));
      for (let i = 0; i < 3; i++) await http().post('/t/check').set(a).expect(201);
      const res = await http().post('/t/check').set(a);
      expectProblem(res, 429, /at most 3 per minute for this caller.*Try again in 20 s/);
      expect(res.headers['retry-after']).toBe('20');
      await http().post('/t/check').set(b).expect(201);
      now += 20_000;
      await http().post('/t/check').set(a).expect(201);
      expectProblem(await http().post('/t/check').set(a), 429, /Too many requests/);
    } finally {
      limiter.now = Date.now;
    }
  });

  it('does not admit the Temporal UI without a token unless the development switch is on', async () => {
    expectProblem(await http().post('/t/ui').set('origin', 'http://localhost:8233'), 401, /bearer token/);
  });
});

describe('the local Temporal UI switch (CODEC_ALLOW_UI_WITHOUT_TOKEN=true)', () => {
  let app: INestApplication;
  let config: Config;
  beforeAll(async () => ({ app, config } = await startApp({ CODEC_ALLOW_UI_WITHOUT_TOKEN: 'true' })));
  afterAll(() => app?.close());

  it('admits tokenless calls from a UI origin over loopback on routes that allow it, and nothing else', async () => {
    const http = () => request(app.getHttpServer());
    await http().post('/t/ui').set('origin', 'http://localhost:8233').expect(201);
    await http().post('/t/ui').set('origin', 'http://127.0.0.1:8233').expect(201);
    expectProblem(await http().post('/t/ui').set('origin', 'http://evil.example'), 401, /bearer token/);
    expectProblem(await http().post('/t/ui'), 401, /bearer token/);
    expectProblem(await http().get('/t/read').set('origin', 'http://localhost:8233'), 401, /bearer token/);
    // A token, when given, decides: a staff token is not an operator's.
    expectProblem(await http().post('/t/ui').set('origin', 'http://localhost:8233').set(bearer(await signDevToken(config, ['staff']))), 403, /operator, admin/);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.1.2.3'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.1', undefined, ''].some(isLoopback)).toBe(false);
  });
});

describe('with an external issuer', () => {
  const ISSUER = 'https://login.example.fi/realms/kk';
  const AUDIENCE = 'ekirjasto-joining';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issue = (payload: object, key: KeyObject = privateKey, kid?: string) =>
    new SignJWT(payload as Record<string, unknown>).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('maija').setExpirationTime('5m').sign(key);

  it('verifies with a configured PEM key, reads roles at a dotted path, and refuses development tokens', async () => {
    const { app } = await startApp({
      AUTH_JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      AUTH_JWT_ISSUER: ISSUER,
      AUTH_JWT_AUDIENCE: AUDIENCE,
      AUTH_ROLES_CLAIM: 'realm_access.roles',
    });
    try {
      const http = () => request(app.getHttpServer());
      await http().get('/t/read').set(bearer(await issue({ realm_access: { roles: ['operator', 'offline_access'] } }))).expect(200);
      expectProblem(await http().get('/t/read').set(bearer(await issue({ roles: ['operator'] }))), 403, /carries no role/);
      const devToken = await signDevToken(configFrom({}), ['admin']);
      const res = await http().get('/t/read').set(bearer(devToken));
      expectProblem(res, 401, /key or algorithm this API does not accept/);
      expect(res.body.detail).not.toMatch(/npm run/);
    } finally {
      await app.close();
    }
  });

  it('verifies with keys fetched from a JWKS URL, and answers 503 when they cannot be fetched', async () => {
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    let up = true;
    const server: Server = createServer((req, res) => {
      if (!up) return void res.destroy();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    const { app } = await startApp({ AUTH_JWKS_URL: url, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE });
    try {
      const http = () => request(app.getHttpServer());
      await http().get('/t/read').set(bearer(await issue({ roles: ['staff'] }, privateKey, 'k1'))).expect(200);
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      expectProblem(await http().get('/t/read').set(bearer(await issue({ roles: ['staff'] }, other, 'k2'))), 401, /key this API does not know|signature/);
    } finally {
      await app.close();
    }
    up = false;
    const { app: cold } = await startApp({ AUTH_JWKS_URL: url, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE });
    try {
      const res = await request(cold.getHttpServer()).get('/t/read').set(bearer(await issue({ roles: ['staff'] }, privateKey, 'k1')));
      expectProblem(res, 503, /keys could not be fetched/);
    } finally {
      await cold.close();
      server.close();
    }
  });
});

describe('auth configuration', () => {
  const problems = (env: Record<string, string>) => authConfigProblems(configFrom(env)).join('\n');

  it.each([
    ['production without an issuer', { NODE_ENV: 'production' }, /AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL: is required in production.*refused there/],
    ['an external key without iss and aud', { AUTH_JWKS_URL: 'https://x.example/jwks' }, /AUTH_JWT_ISSUER: is required[\s\S]*AUTH_JWT_AUDIENCE: is required/],
    ['a key and a JWKS URL', { AUTH_JWKS_URL: 'https://x.example/jwks', AUTH_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----x', AUTH_JWT_ISSUER: 'a', AUTH_JWT_AUDIENCE: 'b' }, /not both/],
    ['a plain-http JWKS URL in production', { NODE_ENV: 'production', AUTH_JWKS_URL: 'http://x.example/jwks', AUTH_JWT_ISSUER: 'a', AUTH_JWT_AUDIENCE: 'b' }, /must be an https/],
  ])('reports %s', (_, env, message) => {
    expect(problems(env)).toMatch(message);
  });

  it('refuses symmetric and unsigned algorithms', () => {
    expect(z.object(authConfigShape).safeParse({ AUTH_JWT_ALGORITHMS: 'RS256,HS256' }).success).toBe(false);
    expect(z.object(authConfigShape).safeParse({ AUTH_JWT_ALGORITHMS: 'none' }).success).toBe(false);
  });

  it('refuses to load the development key in production', () => {
    expect(() => loadDevSigningKey(configFrom({ NODE_ENV: 'production' }))).toThrow(/refused in production/);
  });
});

describe('npm run token (scripts/token.ts)', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/token.ts', ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, NODE_ENV: 'development', AUTH_DEV_KEY_FILE: path.join(tmp, 'script-key.json'), ...env },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('prints a token the API verifies, with the role and an expiry', async () => {
    const { code, stdout } = await run(['operator', '--ttl', '2h']);
    expect(code).toBe(0);
    const verifier = new TokenVerifier(configFrom({ AUTH_DEV_KEY_FILE: path.join(tmp, 'script-key.json') }));
    const principal = await verifier.verify(stdout.trim());
    expect(principal).toMatchObject({ subject: 'dev-operator', roles: ['operator'], via: 'jwt' });
    expect(principal.expiresAt! - Date.now() / 1000).toBeGreaterThan(2 * 3600 - 60);
    expect(principal.expiresAt! - Date.now() / 1000).toBeLessThanOrEqual(2 * 3600);
  });

  it('refuses unknown roles, an external issuer and production, clearly', async () => {
    expect(await run(['root'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown role root/) });
    expect(
      await run(['staff'], { AUTH_JWKS_URL: 'https://x.example/jwks', AUTH_JWT_ISSUER: 'a', AUTH_JWT_AUDIENCE: 'b' }),
    ).toMatchObject({ code: 1, stderr: expect.stringMatching(/external issuer/) });
    expect(await run(['staff'], { NODE_ENV: 'production' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/production/) });
  });
});
