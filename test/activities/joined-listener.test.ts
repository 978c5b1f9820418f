// A go-live done by one worker reaches every other worker's joined-municipality snapshot through
// PostgreSQL's LISTEN/NOTIFY (the migration's trigger), also after the listening connection was killed.
// Two snapshots with listeners of their own stand for two worker processes; their TTL is an hour, so
// only a notification can make them see a change.
import { JoinedListener, JOINED_LISTENER_APPLICATION_NAME } from '../../activities/eligibility/joined-listener';
import { JoinedMunicipalities } from '../../activities/eligibility/joined-municipalities';
import { markJoined } from '../../activities/onboarding/go-live';
import { eventually } from '../reliability/support/processes';
import { createTestDatabase, TestDatabase } from '../support/database';

const HOUR_MS = 3_600_000;

/** One worker process's snapshot and listener, counting the invalidations the listener causes. */
function workerSnapshot(db: TestDatabase) {
  const joined = new JoinedMunicipalities(db.prisma, HOUR_MS);
  const seen = { invalidations: 0 };
  const listener = new JoinedListener({
    databaseUrl: db.url,
    onChange: () => {
      seen.invalidations++;
      joined.invalidate();
    },
    backoffMs: { initial: 50, max: 500 },
  }).start();
  return { joined, listener, seen };
}

describe('go-live seen by every worker through LISTEN/NOTIFY', () => {
  let db: TestDatabase;
  const listeners: JoinedListener[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const l of listeners) await l.stop();
    await db?.drop();
  });

  const start = () => {
    const worker = workerSnapshot(db);
    listeners.push(worker.listener);
    return worker;
  };
  const listening = (worker: ReturnType<typeof start>) => eventually(() => worker.listener.isListening(), 10_000, () => 'the listener to LISTEN');

  it("invalidates the other worker's snapshot once per go-live, and not for other changes", async () => {
    const [a, b] = [start(), start()];
    await Promise.all([listening(a), listening(b)]);
    // Both snapshots loaded: 186 not joined.
    expect(await a.joined.isJoined('186')).toBe(false);
    expect(await b.joined.isJoined('186')).toBe(false);
    const before = b.seen.invalidations;

    // A change that leaves `joined` alone notifies no one; the go-live (the activity's own transaction,
    // two municipalities) notifies once. Notifications arrive in commit order, so when b sees the
    // go-live it has received everything before it.
    await db.prisma.municipality.update({ where: { code: '245' }, data: { nameFi: 'Kerava' } });
    const outcome = await markJoined(db.prisma, { consortiumId: 'kirkes', municipalityCodes: ['186', '505'], joinedOn: '2026-12-01' });
    expect(outcome.newlyJoined).toEqual(['186', '505']);

    await eventually(async () => (await b.joined.isJoined('186')) && (await a.joined.isJoined('505')), 10_000, () => 'both snapshots to see the go-live');
    expect(b.seen.invalidations).toBe(before + 1);
  });

  it('reconnects after its connection is killed and sees the next go-live', async () => {
    const worker = start();
    await listening(worker);
    expect(await worker.joined.isJoined('092')).toBe(false);

    const listenerPids = async () =>
      (
        await db.prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity
          WHERE application_name = ${JOINED_LISTENER_APPLICATION_NAME} AND datname = current_database()`
      ).map((r) => r.pid);
    const killed = await listenerPids();
    expect(killed.length).toBeGreaterThan(0);
    await db.prisma.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY(${killed})`;
    // Every listener comes back on a new connection.
    await eventually(
      async () => {
        const now = await listenerPids();
        return now.length === killed.length && now.every((pid) => !killed.includes(pid)) && worker.listener.isListening();
      },
      10_000,
      () => 'the listeners to reconnect',
    );
    // Reconnecting dropped the snapshot (a notification may have been missed); load it again.
    expect(await worker.joined.isJoined('092')).toBe(false);
    const invalidationsAfterReconnect = worker.seen.invalidations;

    await markJoined(db.prisma, { consortiumId: 'helmet', municipalityCodes: ['092'], joinedOn: '2026-12-01' });
    await eventually(() => worker.joined.isJoined('092'), 10_000, () => 'the reconnected listener to pass on the go-live');
    expect(worker.seen.invalidations).toBeGreaterThan(invalidationsAfterReconnect);
  });

  it('while it cannot connect, the snapshot still follows the database within its TTL', async () => {
    const unreachable = new URL(db.url);
    unreachable.port = '9'; // nothing listens there
    const joined = new JoinedMunicipalities(db.prisma, 100);
    const listener = new JoinedListener({ databaseUrl: unreachable.toString(), onChange: () => joined.invalidate(), backoffMs: { initial: 50, max: 200 } }).start();
    listeners.push(listener);
    expect(await joined.isJoined('020')).toBe(false);
    await markJoined(db.prisma, { consortiumId: 'piki', municipalityCodes: ['020'], joinedOn: '2026-12-01' });
    await eventually(() => joined.isJoined('020'), 10_000, () => 'the TTL to reload the snapshot');
    expect(listener.isListening()).toBe(false);
  });
});
