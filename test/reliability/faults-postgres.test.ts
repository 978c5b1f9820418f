// Fault 4: PostgreSQL connections are lost while the go-live activity runs. (a) The activity itself,
// its transaction provably in flight (blocked on a table lock) when its connection is terminated,
// then retried as Temporal would. (b) The real worker process, whose DB connections are terminated
// in a loop while the go-live activity runs: Temporal retries it, the consortium goes LIVE, and every
// member is joined exactly once.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createOnboardingActivities } from '../../activities/onboarding';
import { loadConfig } from '../../src/config/config';
import { createPrismaClient, type PrismaClient } from '../../src/database/prisma';
import type { OnboardingState } from '../../workflows/onboarding/contract';
import { Client } from 'pg';
import { adminDatabaseUrl, type TestDatabase } from '../support/database';
import { onboardingWorkerEnv, startDatabaseAndDevServer } from './support/fault-stack';
import { startLibrarySystem, type ControlledLibrarySystem } from './support/library-system';
import { answerSurveys, completeManualSteps, consortiumMembers, expectAllJoinedToday, membersGoingLiveToday, signAll, startOnboarding, waitForPhase } from './support/onboarding';
import { connectSaboteur, type PostgresSaboteur } from './support/postgres-faults';
import { eventually, isAlive, payloadKeyEnv, sleep, startWorkerProcess, type WorkerProcess } from './support/processes';

jest.setTimeout(90_000);

/** `promise`, or a rejection naming `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function dropDatabaseOnly(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

describe('fault: PostgreSQL connection loss during go-live', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let library: ControlledLibrarySystem;
  let saboteur: PostgresSaboteur;
  let activityPrisma: PrismaClient | undefined;
  let worker: WorkerProcess | undefined;
  const keys = payloadKeyEnv();
  const taskQueue = `reliability-postgres-${process.pid}`;

  beforeAll(async () => {
    [library, { db, env }] = await Promise.all([startLibrarySystem(200), startDatabaseAndDevServer(keys)]);
    saboteur = await connectSaboteur(db.url);
  }, 60_000);

  afterAll(async () => {
    await saboteur?.unlock().catch(() => undefined);
    await saboteur?.close();
    await worker?.kill('SIGKILL');
    if (worker) expect(isAlive(worker.pid)).toBe(false);
    // With the pool-slot leak (see the first test) $disconnect never returns: bounded, the dropped
    // database then closes whatever it still holds.
    if (activityPrisma) await within(activityPrisma.$disconnect(), 3000, 'activity client $disconnect').catch(() => undefined);
    await env?.teardown();
    if (db) await within(db.drop(), 10_000, 'test database drop').catch(async () => dropDatabaseOnly(db.url));
    await library?.close();
  }, 40_000);

  const joinedRows = (prisma: PrismaClient, consortiumId: string) =>
    prisma.municipality.findMany({ where: { consortiumId }, select: { code: true, joined: true, joinedAt: true }, orderBy: { code: 'asc' } });

  it('(activity) a connection terminated mid-transaction fails the attempt atomically; the retry joins each member once', async () => {
    const consortiumId = 'blanka';
    const members = await consortiumMembers(db.prisma, consortiumId);
    // One connection, as with DATABASE_POOL_SIZE=1: the retry must get a working connection back.
    activityPrisma = createPrismaClient(db.url, 1);
    const activities = createOnboardingActivities({ prisma: activityPrisma, config: loadConfig({ ...process.env, DATABASE_URL: db.url }), mailer: null, logger: { info() {}, warn() {} } });
    const request = { consortiumId, municipalityCodes: members, joinedOn: '2024-04-23' };
    await activityPrisma.$queryRaw`SELECT 1`; // the pool has a connection open

    await saboteur.lock('Municipality');
    const attempt1 = activities.markConsortiumJoined(request);
    attempt1.catch(() => undefined);
    await eventually(async () => (await saboteur.waitingOnLock()) > 0, 10_000, () => 'the go-live transaction to wait on the lock', 20);
    expect(await saboteur.terminateOthers()).toBeGreaterThan(0);
    await saboteur.unlock();
    const failure = await attempt1.then(() => 'resolved', (err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    // Nothing half-done.
    for (const row of await joinedRows(db.prisma, consortiumId)) expect(row).toMatchObject({ joined: false, joinedAt: null });

    // Temporal's retry: same request, same client (its pool must have dropped the dead connection).
    const attempt2 = await within(activities.markConsortiumJoined(request), 5000, 'the retried go-live (pool slot lost with the dead connection?)');
    expect(attempt2.newlyJoined).toEqual(members);
    const joined = await joinedRows(db.prisma, consortiumId);
    for (const row of joined) expect(row).toMatchObject({ joined: true, joinedAt: new Date('2024-04-23T00:00:00Z') });

    // Another retry (e.g. the first attempt's commit did land but its answer was lost) changes nothing.
    const attempt3 = await within(activities.markConsortiumJoined({ ...request, joinedOn: '2024-05-01' }), 5000, 'a third go-live');
    expect(attempt3.newlyJoined).toEqual([]);
    expect(await joinedRows(db.prisma, consortiumId)).toEqual(joined);
    // And the client still shuts down (the worker's graceful stop awaits this).
    await within(activityPrisma.$disconnect(), 3000, '$disconnect after a lost connection');
    activityPrisma = undefined;
  });

  it('(worker process) the go-live activity loses its connections, is retried by Temporal, and the consortium goes LIVE joined once', async () => {
    const consortium = { id: 'kuopio', name: 'Kuopion kirjastot' };
    const members = await membersGoingLiveToday(db.prisma, consortium.id, `pg-round-${process.pid}`);
    worker = await startWorkerProcess('worker', onboardingWorkerEnv({ keys, db, temporalAddress: env.address, taskQueue, library }, { DATABASE_POOL_SIZE: '4' }));
    const handle = await startOnboarding(env.client, taskQueue, { ...consortium, memberCodes: members });
    await answerSurveys(handle, members);
    await signAll(handle, members);
    await eventually(
      async () => (await waitForPhase(handle, 'INTEGRATION', 10_000)).integration.some((s) => s.automatic && s.status === 'DONE'),
      15_000,
      () => 'the library-system check to pass',
      200,
    );

    // Hold the Municipality table, finish integration: go-live starts and waits on the lock.
    await saboteur.lock('Municipality');
    let killed = 0;
    try {
      await completeManualSteps(handle);
      await eventually(async () => (await saboteur.waitingOnLock()) > 0, 15_000, () => 'the go-live activity to wait on the lock', 20);
      // For a second, every connection of the database but ours is terminated every 100 ms.
      const until = Date.now() + 1000;
      while (Date.now() < until) {
        killed += await saboteur.terminateOthers();
        await sleep(100);
      }
    } finally {
      await saboteur.unlock();
    }
    expect(killed).toBeGreaterThan(0);

    const final = (await handle.result()) as OnboardingState;
    expect(final.phase).toBe('LIVE');
    expect(worker.running()).toBe(true); // the worker survived losing its connections

    // Temporal saw the go-live fail and retried it.
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'markConsortiumJoined');
    expect(scheduled).toHaveLength(1);
    const started = events.find((e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === scheduled[0].eventId?.toString());
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBeGreaterThanOrEqual(2);

    await expectAllJoinedToday(db.prisma, consortium.id, members);

    // The worker still stops gracefully on SIGTERM (src/worker/main.ts awaits prisma.$disconnect()).
    const stopped = await within(worker.kill('SIGTERM'), 20_000, 'the worker to exit after SIGTERM').catch((err: Error) => err);
    expect(stopped).toEqual({ code: 0, signal: null });
    console.log(
      `postgres loss: ${killed} backends terminated; go-live succeeded on attempt ${started?.activityTaskStartedEventAttributes?.attempt}`,
    );
  });
});
