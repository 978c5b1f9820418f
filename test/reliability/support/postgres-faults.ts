// PostgreSQL connection loss on demand: an admin connection that can hold a table lock (so that a
// statement is provably in flight) and terminate every other backend of the test database.
import { Client } from 'pg';

export interface PostgresSaboteur {
  /** BEGIN + LOCK TABLE ... IN ACCESS EXCLUSIVE MODE: everyone else's reads and writes wait. */
  lock(table: string): Promise<void>;
  /** ROLLBACK: releases the lock. */
  unlock(): Promise<void>;
  /** Backends of the database (other than ours) waiting for a lock. */
  waitingOnLock(): Promise<number>;
  /** pg_terminate_backend on every other backend of the database; how many were terminated. */
  terminateOthers(): Promise<number>;
  close(): Promise<void>;
}

export async function connectSaboteur(databaseUrl: string): Promise<PostgresSaboteur> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'reliability-saboteur' });
  await client.connect();
  let locked = false;
  return {
    async lock(table) {
      await client.query('BEGIN');
      await client.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
      locked = true;
    },
    async unlock() {
      if (!locked) return;
      locked = false;
      await client.query('ROLLBACK');
    },
    async waitingOnLock() {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
      );
      return Number(rows[0].n);
    },
    async terminateOthers() {
      const { rows } = await client.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      return rows.filter((r) => r.ok).length;
    },
    async close() {
      await client.end();
    },
  };
}
