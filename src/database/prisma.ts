import { PrismaPg } from '@prisma/adapter-pg';
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

/** The runtime client, through the pg driver adapter (no Rust query engine on our machines). */
export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  const factory = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  const adapter = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<Driver> {
      const driver = await factory.connect();
      const startTransaction = driver.startTransaction.bind(driver);
      driver.startTransaction = async (isolationLevel) => releasingOnFailedEnd(await startTransaction(isolationLevel));
      return driver;
    },
  };
  return new PrismaClient({ adapter: adapter as unknown as PrismaPg });
}
