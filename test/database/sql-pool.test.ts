// sqlPool: the pg pool under a client of createPrismaClient, shared with Prisma (the same connections,
// the same limit), and still the one Prisma uses after a disconnect and a reconnect.
import { Client } from 'pg';
import { createPrismaClient, sqlPool } from '../../src/database/prisma';
import { PrismaClient } from '../../generated/prisma/client';
import { createTestDatabase, TestDatabase } from '../support/database';

jest.setTimeout(60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ seed: false });
});
afterAll(() => db?.drop());

const backends = async (prisma: PrismaClient) =>
  (await sqlPool(prisma).query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()')).rows[0].n;

it('runs statements on the connections Prisma uses, within its limit', async () => {
  const prisma = createPrismaClient(db.url, 1);
  try {
    await prisma.$queryRaw`SELECT 1`;
    const pool = sqlPool(prisma);
    await Promise.all([pool.query('SELECT pg_sleep(0.05)'), prisma.$executeRaw`SELECT pg_sleep(0.05)`, pool.query('SELECT 1')]);
    expect(pool.totalCount).toBe(1);
    expect(await backends(prisma)).toBe(1);
  } finally {
    await prisma.$disconnect();
  }
});

it('follows the client across a disconnect: the old pool is ended, the new connection has its own', async () => {
  const prisma = createPrismaClient(db.url, 2);
  await prisma.$queryRaw`SELECT 1`;
  const first = sqlPool(prisma);
  await prisma.$disconnect();
  expect(first.ended).toBe(true);
  await prisma.$queryRaw`SELECT 1`;
  const second = sqlPool(prisma);
  expect(second).not.toBe(first);
  expect((await second.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  await prisma.$disconnect();
  expect(second.ended).toBe(true);
});

it('survives its idle connection dying before Prisma ever connected, and connects again', async () => {
  const prisma = createPrismaClient(db.url, 1);
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  try {
    const pool = sqlPool(prisma);
    await pool.query('SELECT 1');
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    // The pool drops the dead idle connection (an unhandled 'error' event would end the test process).
    while (pool.totalCount > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await prisma.$queryRaw`SELECT 1`;
  } finally {
    await admin.end();
    await prisma.$disconnect();
  }
});

it('refuses a client it did not make, saying what is needed', () => {
  expect(() => sqlPool({} as PrismaClient)).toThrow('a client made by createPrismaClient is needed');
});
