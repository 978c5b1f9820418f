// /health/live and /health/ready against a real database and a real Temporal dev server (the test
// stack), with a population register stand-in that accepts connections (readiness only connects to it).
import { SetMetadata, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { AppConfig } from '../../src/config/config';
import { APP_CONFIG, ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { configureApp } from '../../src/http/configure-app';
import { HealthController } from '../../src/observability/health';
import { MetricsController } from '../../src/observability/metrics.module';
import { installObservability, ObservabilityModule } from '../../src/observability/observability.module';
import { TemporalModule } from '../../src/temporal/temporal.module';
import { startTestStack, TestStack } from '../support/stack';

const IS_PUBLIC = 'observability-test:isPublic';

async function buildApp(config: AppConfig): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    // What readiness needs, not AppModule: the test holds whether or not AppModule imports ObservabilityModule yet.
    imports: [ConfigModule, DatabaseModule, TemporalModule, ObservabilityModule.forRoot({ controllerDecorators: [SetMetadata(IS_PUBLIC, true)] })],
  })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
  installObservability(app);
  configureApp(app);
  await app.init();
  return app;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('health endpoints', () => {
  let stack: TestStack;
  let app: INestApplication;
  let register: Server;

  beforeAll(async () => {
    register = createServer((req, res) => {
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => register.listen(0, '127.0.0.1', resolve));
    const registerUrl = `http://127.0.0.1:${(register.address() as AddressInfo).port}`;
    stack = await startTestStack({ REGISTER_URL: registerUrl });
    app = await buildApp(stack.config);
  });
  afterAll(async () => {
    await app?.close();
    await stack?.stop();
    await new Promise((resolve) => register?.close(resolve));
  });

  it('GET /health/live answers 200 while the process runs', async () => {
    const res = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(res.body).toMatchObject({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('GET /health/ready answers 200 when the database, Temporal and the register all answer', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, temporal: { status: 'up' }, register: { status: 'up' } },
      error: {},
    });
  });

  it('answers 503 naming the register when only the register is down', async () => {
    // The register is only connected to (never asked about anyone): a closed port is a register down.
    const down = await buildApp({ ...stack.config, REGISTER_URL: `http://127.0.0.1:${await closedPort()}/` } as AppConfig);
    try {
      const res = await request(down.getHttpServer()).get('/health/ready').expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({
        status: 'error',
        info: { database: { status: 'up' }, temporal: { status: 'up' } },
        error: { register: { status: 'down', message: 'unreachable (ECONNREFUSED)' } },
      });
      expect(Object.keys(res.body.error)).toEqual(['register']);
    } finally {
      await down.close();
    }
  });

  it('answers 503 naming every part that is down, within the check timeout, without leaking connection details', async () => {
    const [dbPort, temporalPort, registerPort] = await Promise.all([closedPort(), closedPort(), closedPort()]);
    const broken = {
      ...stack.config,
      DATABASE_URL: `postgresql://postgres:s3cret@127.0.0.1:${dbPort}/nowhere`,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      REGISTER_URL: `http://127.0.0.1:${registerPort}`,
      HEALTH_CHECK_TIMEOUT_MS: 800,
    } as AppConfig;
    const down = await buildApp(broken);
    try {
      // Bounded by the check timeout, not by how long each part would take to fail: the message says
      // which (an elapsed-time bound would fail on a loaded machine).
      const res = await request(down.getHttpServer()).get('/health/ready').expect(503);
      expect(res.body.status).toBe('error');
      expect(Object.keys(res.body.error).sort()).toEqual(['database', 'register', 'temporal']);
      for (const part of ['database', 'register', 'temporal']) {
        expect(res.body.error[part]).toMatchObject({ status: 'down', message: expect.stringMatching(/^(unreachable \(\w+( status \d+)?\)|unreachable \(gRPC status \d+\)|no answer within 800 ms)$/) });
      }
      expect(JSON.stringify(res.body)).not.toMatch(/s3cret|postgres:|nowhere/);
      // Liveness does not depend on any of them.
      await request(down.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await down.close();
    }
  });

  it('applies the given decorators (e.g. @Public()) to the health and metrics controllers', async () => {
    expect(Reflect.getMetadata(IS_PUBLIC, HealthController)).toBe(true);
    expect(Reflect.getMetadata(IS_PUBLIC, MetricsController)).toBe(true);
    await request(app.getHttpServer()).get('/metrics').expect(200);
  });
});
