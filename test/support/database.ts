// A test file owns its own database on the local PostgreSQL: created, migrated and seeded here,
// dropped in teardown.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { applyMigrations } from '../../src/database/migrate';
import { isAlive } from '../../src/devstack/child-process';
import { createPrismaClient, PrismaClient } from '../../src/database/prisma';
import { seedReferenceData } from '../../src/database/seed';

export const TEST_DB_PREFIX = 'ekj_test_';

/** The server tests use: DATABASE_URL's server, or the local one on 127.0.0.1:5432. */
export function adminDatabaseUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url.toString();
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const name = `${TEST_DB_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  const drop = () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  let prisma: PrismaClient | undefined;
  try {
    await applyMigrations(url.toString());
    prisma = createPrismaClient(url.toString(), 5);
    if (options.seed !== false) await seedReferenceData(prisma);
  } catch (err) {
    await prisma?.$disconnect();
    await drop();
    throw err;
  }
  const client = prisma;
  return {
    url: url.toString(),
    prisma: client,
    drop: async () => {
      await client.$disconnect();
      await drop();
    },
  };
}

/** Drops databases left behind by test processes that were killed (their pid is in the name). */
export async function dropStaleTestDatabases(): Promise<void> {
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DB_PREFIX}%`],
    );
    for (const { datname } of rows) {
      const pid = Number(datname.slice(TEST_DB_PREFIX.length).split('_')[0]);
      if (!isAlive(pid)) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}
