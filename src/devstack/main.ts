// `npm start`: the whole system on one machine. Each part we start is a child process that dies with
// us; a part already given by the environment (DATABASE_URL, TEMPORAL_ADDRESS, REGISTER_URL) is used
// as it is.
import { DEVELOPMENT_REGISTER } from '../config/register.config';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadProcessCounts } from '../config/config';
import { applyMigrations } from '../database/migrate';
import { createPrismaClient } from '../database/prisma';
import { seedReferenceData } from '../database/seed';
import { PROJECT_ROOT } from '../project-root';
import { isAlive, ManagedProcess, spawnManaged, waitForLine } from './child-process';
import { startEmbeddedPostgres } from './embedded-postgres';
import { planProcesses } from './process-plan';
import { startTemporalDevServer } from './temporal-dev-server';

const ROOT = PROJECT_ROOT;
const DIST = path.join(PROJECT_ROOT, 'dist');
// STACK_DATA_DIR lets a second stack (e.g. npm run check:ui) run beside a developer's own.
const DATA_DIR = process.env.STACK_DATA_DIR ? path.resolve(process.env.STACK_DATA_DIR) : path.join(ROOT, '.data');
const PIDFILE = path.join(DATA_DIR, 'stack.pid');

const log = (msg: string) => process.stdout.write(`[start] ${msg}\n`);

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a port number (got "${raw}")`);
  return value;
}

/**
 * Starts one of our Node processes from dist/, adds it to `started` (so that it is stopped even if it
 * never becomes ready) and waits for its ready line.
 */
async function startService(
  started: ManagedProcess[],
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  readyEvent = 'listening',
): Promise<void> {
  const proc = spawnManaged({ name, command: process.execPath, args: [path.isAbsolute(script) ? script : path.join(DIST, script)], env });
  started.push(proc);
  await waitForLine(proc, (line) => line.includes(`"${readyEvent}"`), 60_000);
}

/** One stack per checkout: a second `npm start` here would fight the first over ports and data. */
function claimPidfile(): void {
  mkdirSync(DATA_DIR, { recursive: true });
  if (existsSync(PIDFILE)) {
    const pid = Number(readFileSync(PIDFILE, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The stack is already running from this checkout (pid ${pid}). Stop it with Ctrl-C first.`);
    }
  }
  writeFileSync(PIDFILE, String(process.pid));
}

async function main(): Promise<void> {
  claimPidfile();
  const started: ManagedProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping ...');
    for (const proc of started.reverse()) await proc.stop();
    rmSync(PIDFILE, { force: true });
    log('stopped');
    process.exit(code);
  };
  // Ctrl-C under npm reaches us twice (from npm and from the terminal): the guard above absorbs it.
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // API_PROCESSES / WORKER_PROCESSES: checked before anything starts.
    const plan = planProcesses(loadProcessCounts(env), numberFromEnv('PORT', 3000), env);

    if (!env.DATABASE_URL) {
      const pg = await startEmbeddedPostgres(DATA_DIR, numberFromEnv('EMBEDDED_POSTGRES_PORT', 54329), log);
      if (pg.process) started.push(pg.process);
      env.DATABASE_URL = pg.url;
    }
    await applyMigrations(env.DATABASE_URL);
    const prisma = createPrismaClient(env.DATABASE_URL, 2);
    const seeded = await seedReferenceData(prisma).finally(() => prisma.$disconnect());
    log(`database ready: ${seeded.municipalities} municipalities, ${seeded.consortia} consortia, ${seeded.joiningRounds} joining round(s)`);

    const apiPort = numberFromEnv('PORT', 3000);
    const uiPort = numberFromEnv('TEMPORAL_UI_PORT', 8233);
    if (!env.TEMPORAL_ADDRESS) {
      const port = numberFromEnv('TEMPORAL_PORT', 7233);
      // The UI decodes payloads through the API's codec endpoint (operators' eyes only; see README).
      const codecEndpoint = `http://127.0.0.1:${apiPort}/codec`;
      started.push(await startTemporalDevServer({ dataDir: path.join(DATA_DIR, 'temporal'), port, uiPort, codecEndpoint }));
      // Development only (refused in production): the local UI may decode without a token.
      env.CODEC_ALLOW_UI_WITHOUT_TOKEN ??= 'true';
      env.TEMPORAL_UI_ORIGINS ??= `http://localhost:${uiPort},http://127.0.0.1:${uiPort}`;
      env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
    }

    if (!env.REGISTER_URL) {
      const port = numberFromEnv('REGISTER_SIM_PORT', 4010);
      // One account and one X-Road client for both sides: the simulator accepts exactly what the worker
      // sends (and refuses anything else with a SOAP fault, as DVV would).
      env.REGISTER_USERNAME ??= DEVELOPMENT_REGISTER.username;
      env.REGISTER_PASSWORD ??= DEVELOPMENT_REGISTER.password;
      env.XROAD_CLIENT ??= DEVELOPMENT_REGISTER.client;
      env.XROAD_SERVICE ??= DEVELOPMENT_REGISTER.service;
      env.XROAD_USER_ID ??= DEVELOPMENT_REGISTER.userId;
      await startService(started, 'register', 'src/register-simulator/main.js', { ...env, REGISTER_SIM_PORT: String(port) });
      env.REGISTER_URL = `http://127.0.0.1:${port}/`;
    }

    if (!env.LIBRARY_SYSTEM_URL_TEMPLATE) {
      const port = numberFromEnv('LIBRARY_SYSTEMS_STAND_IN_PORT', 4020);
      await startService(started, 'library-systems', 'src/stand-ins/main.js', { ...env, LIBRARY_SYSTEMS_STAND_IN_PORT: String(port) });
      env.LIBRARY_SYSTEM_URL_TEMPLATE = `http://127.0.0.1:${port}/library-systems/{consortiumId}/health`;
    }

    // Staff sign-in: a local OpenID provider (ESM-only oidc-provider: a process of its own, run from
    // src/ as plain JavaScript) and the API configured as its client, unless a provider is given.
    if (!env.OIDC_ISSUER_URL) {
      const port = numberFromEnv('IDP_PORT', 4030);
      const apiBase = `http://127.0.0.1:${apiPort}`;
      const idp = {
        IDP_PORT: String(port),
        IDP_CLIENT_ID: 'ekirjasto-console',
        IDP_CLIENT_SECRET: 'development-console-secret',
        IDP_REDIRECT_URIS: `${apiBase}/auth/callback`,
        IDP_POST_LOGOUT_REDIRECT_URIS: `${apiBase}/auth/signed-out`,
        IDP_ROLES_CLAIM: env.OIDC_ROLES_CLAIM ?? 'roles',
      };
      await startService(started, 'identity-provider', path.join(ROOT, 'src/identity-provider/main.mjs'), { ...env, ...idp });
      env.OIDC_ISSUER_URL = `http://127.0.0.1:${port}`;
      env.OIDC_CLIENT_ID = idp.IDP_CLIENT_ID;
      env.OIDC_CLIENT_SECRET = idp.IDP_CLIENT_SECRET;
      env.OIDC_REDIRECT_URL = idp.IDP_REDIRECT_URIS;
      env.OIDC_POST_LOGOUT_REDIRECT_URL = idp.IDP_POST_LOGOUT_REDIRECT_URIS;
      env.PUBLIC_BASE_URL ??= apiBase;
    }

    await Promise.all(plan.workers.map((w) => startService(started, w.name, 'src/worker/main.js', { ...env, ...w.env }, 'worker-running')));
    await Promise.all(plan.apis.map((api) => startService(started, api.name, 'src/main.js', { ...env, PORT: String(api.port) })));

    for (const proc of started) {
      proc.exited.then((code) => {
        if (!stopping) {
          log(`${proc.name} exited unexpectedly (code ${code}); stopping everything`);
          void stopAll(1);
        }
      });
    }
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    log('E-kirjasto joining orchestrator is up:');
    for (const api of plan.apis) log(`  API           http://127.0.0.1:${api.port}${plan.apis.length > 1 ? ` (${api.name})` : ''}`);
    log(`  API docs      ${apiUrl}/docs`);
    if (!process.env.TEMPORAL_ADDRESS) log(`  Temporal UI   http://localhost:${uiPort}`);
    log(`  Register      ${env.REGISTER_URL} (VTJ HenkilonTunnusKysely, SOAP/X-Road ${env.XROAD_CLIENT ?? DEVELOPMENT_REGISTER.client})`);
    log(`  Database      ${env.DATABASE_URL}`);
    log(`  Console       ${apiUrl}/console (sign in at ${env.OIDC_ISSUER_URL})`);
    if (!process.env.OIDC_ISSUER_URL) log('  Console users staff / staff-dev-password, operator / operator-dev-password, admin / admin-dev-password');
    log('  Tokens        npm run --silent token -- staff|operator|admin|login-service');
    log('Press Ctrl-C to stop.');
  } catch (err) {
    log(`could not start: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll(1);
  }
}

void main();
