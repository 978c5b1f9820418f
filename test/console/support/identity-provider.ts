// The local OpenID provider (src/identity-provider/main.mjs) as its own process, as `npm start` runs
// it, and a test stack whose API is its client on a port known before it starts.
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { startTestStack, type TestStack } from '../../support/stack';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export const DEV_USERS = {
  staff: { username: 'staff', password: 'staff-dev-password', name: 'Maija Meikäläinen', sub: 'dev-staff' },
  operator: { username: 'operator', password: 'operator-dev-password', name: 'Olli Operaattori', sub: 'dev-operator' },
  admin: { username: 'admin', password: 'admin-dev-password', name: 'Aino Ylläpitäjä', sub: 'dev-admin' },
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface IdentityProvider {
  issuer: string;
  stop(): Promise<void>;
}

export async function startIdentityProvider(opts: { port: number; apiBase: string; rolesClaim?: string }): Promise<IdentityProvider> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'src/identity-provider/main.mjs')], {
    env: {
      ...process.env,
      IDP_PORT: String(opts.port),
      IDP_CLIENT_ID: 'test-console',
      IDP_CLIENT_SECRET: 'test-console-secret',
      IDP_REDIRECT_URIS: `${opts.apiBase}/auth/callback`,
      IDP_POST_LOGOUT_REDIRECT_URIS: `${opts.apiBase}/auth/signed-out`,
      IDP_ROLES_CLAIM: opts.rolesClaim ?? 'roles',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`identity provider did not start:\n${output.join('\n')}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`identity provider exited (${code}):\n${output.join('\n')}`)));
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (line.includes('"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
  return {
    issuer: `http://127.0.0.1:${opts.port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ConsoleStack {
  stack: TestStack;
  idp: IdentityProvider;
  apiBase: string;
  stop(): Promise<void>;
}

/** The whole system with sign-in: provider, database, dev server, worker, API listening on its port. */
export async function startConsoleStack(overrides: Record<string, string> = {}, rolesClaim = 'roles'): Promise<ConsoleStack> {
  const apiPort = await freePort();
  const apiBase = `http://127.0.0.1:${apiPort}`;
  const idp = await startIdentityProvider({ port: await freePort(), apiBase, rolesClaim });
  try {
    const stack = await startTestStack({
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: 'test-console',
      OIDC_CLIENT_SECRET: 'test-console-secret',
      OIDC_REDIRECT_URL: `${apiBase}/auth/callback`,
      OIDC_ROLES_CLAIM: rolesClaim,
      PUBLIC_BASE_URL: apiBase,
      ...overrides,
    });
    await stack.app.listen(apiPort, '127.0.0.1');
    return {
      stack,
      idp,
      apiBase,
      async stop() {
        await stack.stop();
        await idp.stop();
      },
    };
  } catch (err) {
    await idp.stop();
    throw err;
  }
}
