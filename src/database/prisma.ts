import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../../generated/prisma/client';

export { PrismaClient };

type Driver = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Driver['startTransaction']>>;

const ENDS_TRANSACTION = /^\s*(ROLLBACK|COMMIT)\b/i;

/**
 * Prisma 6.19's client engine ends a failed transaction by sending ROLLBACK and only then releasing
 * the connection; when the connection died mid-transaction that ROLLBACK fails and the pool slot is
 * never given back (every later query then waits forever). Here a failed ROLLBACK/COMMIT still
 * releases it, and pg-pool discards the dead connection.
 */
function releasingOnFailedEnd(transaction: Transaction): Transaction {
  let released = false;
  const rollback = transaction.rollback.bind(transaction);
  const commit = transaction.commit.bind(transaction);
  const executeRaw = transaction.executeRaw.bind(transaction);
  transaction.rollback = async () => {
    if (released) return;
    released = true;
    await rollback();
  };
  transaction.commit = async () => {
    if (released) return;
    released = true;
    await commit();
  };
  transaction.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (err) {
      if (ENDS_TRANSACTION.test(query.sql)) await transaction.rollback();
      throw err;
    }
  };
  return transaction;
}

/** The pg pool each client of createPrismaClient runs on (the one of its current connection). */
const pools = new WeakMap<PrismaClient, () => Pool>();

/** The runtime client, through the pg driver adapter (no Rust query engine on our machines). */
export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  const config = { connectionString: databaseUrl, max: poolSize };
  const newPool = () =>
    // An idle connection that dies (the database restarted) is dropped by the pool and replaced on the
    // next query; its error must not crash the process should sqlPool have used the pool before Prisma.
    new Pool(config).on('error', () => undefined);
  let pool = newPool();
  // Prisma ends the pool when it disconnects; should it connect again, it gets a new one.
  let factory = new PrismaPg(pool, { disposeExternalPool: true });
  const adapter = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<Driver> {
      if (pool.ended) {
        pool = newPool();
        factory = new PrismaPg(pool, { disposeExternalPool: true });
      }
      const driver = await factory.connect();
      const startTransaction = driver.startTransaction.bind(driver);
      driver.startTransaction = async (isolationLevel) => releasingOnFailedEnd(await startTransaction(isolationLevel));
      return driver;
    },
  };
  const prisma = new PrismaClient({ adapter: adapter as unknown as PrismaPg });
  pools.set(prisma, () => pool);
  return prisma;
}

/**
 * The pg pool under a client of createPrismaClient: for a statement run so often that Prisma's own
 * share of it counts (the eligibility audit insert: ~1 ms of CPU through Prisma's query pipeline
 * against ~0.3 ms through pg, issue #15). Same connections, same limit.
 */
export function sqlPool(prisma: PrismaClient): Pool {
  const pool = pools.get(prisma)?.();
  if (!pool) throw new Error('sqlPool: a client made by createPrismaClient is needed');
  return pool;
}
