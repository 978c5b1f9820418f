// The PostgreSQL server of a test run: DATABASE_URL's when set, else the machine's on 127.0.0.1:5432
// when one answers there, else an embedded PostgreSQL 17 (the one `npm start` uses) started for this
// run on a free port, with a throwaway cluster. Test files get its URL through DATABASE_URL, which the
// Jest workers inherit from the process that ran the global setup.
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { isAlive } from '../../src/devstack/child-process';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/devstack/embedded-postgres';
import { isPortInUse } from '../../src/devstack/ports';
import { freePort } from './ports';

const PROJECT_DATA_DIR = path.resolve(__dirname, '..', '..', '.data');
const CLUSTER_PREFIX = 'test-postgres-';
const LOCAL_PORT = 5432;

/** Global setup and teardown run in the same process but load their modules separately. */
const RUNNING = Symbol.for('ekirjasto.test.embeddedPostgres');
type WithServer = typeof globalThis & { [RUNNING]?: EmbeddedPostgres };

/** Clusters of runs that were killed before their teardown (their pid is in the folder's name). */
function removeStaleClusters(dataDir: string): void {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(CLUSTER_PREFIX)) continue;
    const pid = Number(name.slice(CLUSTER_PREFIX.length));
    if (pid && !isAlive(pid)) rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
}

export async function provideDatabaseServer(log: (msg: string) => void): Promise<void> {
  if (process.env.DATABASE_URL) return;
  if (await isPortInUse(LOCAL_PORT)) return;
  const port = await freePort();
  const server = await startEmbeddedPostgres(PROJECT_DATA_DIR, port, log, {
    cluster: `${CLUSTER_PREFIX}${process.pid}`,
    // A cluster that lives for one run: durability buys nothing and costs seconds.
    settings: ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'],
    quiet: true,
  });
  (globalThis as WithServer)[RUNNING] = server;
  removeStaleClusters(path.dirname(server.dataDir));
  process.env.DATABASE_URL = server.url;
  log(`nothing answers on 127.0.0.1:${LOCAL_PORT} and DATABASE_URL is not set: tests use an embedded PostgreSQL 17 on port ${port}`);
}

/** Stops the embedded server (if this run started one) and removes its cluster. */
export async function releaseDatabaseServer(): Promise<void> {
  const server = (globalThis as WithServer)[RUNNING];
  if (!server) return;
  delete (globalThis as WithServer)[RUNNING];
  await server.process?.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
}
