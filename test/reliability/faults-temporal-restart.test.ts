// Fault 2: the Temporal dev server (persistent SQLite file, the way `npm start` runs it) goes down and
// comes back twice in the middle of an onboarding: first stopped (SIGTERM) while a reminder timer is
// pending, then killed outright (SIGKILL) while the library-system check waits for its retry timer.
// The workflow continues where it was, and both timers set before a restart fire after it.
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ManagedProcess } from '../../src/devstack/child-process';
import { startTemporalDevServer } from '../../src/devstack/temporal-dev-server';
import { onboardingWorkflowId, type OnboardingState } from '../../workflows/onboarding/contract';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { faultDataConverter, onboardingWorkerEnv } from './support/fault-stack';
import { startLibrarySystem, type ControlledLibrarySystem } from './support/library-system';
import { answerSurveys, completeManualSteps, membersGoingLiveToday, signAll, startOnboarding, waitForPhase } from './support/onboarding';
import { startOnFreePorts } from '../support/ports';
import { eventually, isAlive, payloadKeyEnv, sleep, startWorkerProcess, type WorkerProcess } from './support/processes';

jest.setTimeout(90_000);

const CONSORTIUM = { id: 'vanamo', name: 'Vanamo-kirjastot' };
const REMINDER_INTERVAL_MS = 12_000;

describe('fault: the Temporal server restarts in the middle of an onboarding', () => {
  let db: TestDatabase;
  let library: ControlledLibrarySystem;
  let dataDir: string;
  let ports: { port: number; uiPort: number };
  const servers: ManagedProcess[] = [];
  let worker: WorkerProcess | undefined;
  let connection: Connection | undefined;
  let client: Client;
  const keys = payloadKeyEnv();
  const taskQueue = `reliability-restart-${process.pid}`;

  const startServer = async () => {
    const server = await startTemporalDevServer({ dataDir, ...ports });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'reliability-temporal-'));
    const firstStart = startOnFreePorts(['port', 'uiPort'] as const, async (candidate) => {
      ports = candidate;
      return startServer();
    });
    [library, db] = await Promise.all([startLibrarySystem(503), createTestDatabase(), firstStart]);
    const address = `127.0.0.1:${ports.port}`;
    connection = await Connection.connect({ address });
    client = new Client({ connection, dataConverter: faultDataConverter(keys) });
    worker = await startWorkerProcess(
      'worker',
      onboardingWorkerEnv({ keys, db, temporalAddress: address, taskQueue, library }, { ONBOARDING_STAFF_EMAIL: 'e-kirjasto@example.fi' }),
    );
  }, 60_000);

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await connection?.close();
    for (const s of servers) await s.stop(2000);
    if (worker) expect(isAlive(worker.pid)).toBe(false);
    for (const s of servers) expect(isAlive(s.child.pid!)).toBe(false);
    await db?.drop();
    await library?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('continues where it was after each restart, timers included, to LIVE', async () => {
    const t0 = Date.now();
    const members = await membersGoingLiveToday(db.prisma, CONSORTIUM.id, `restart-round-${process.pid}`);
    const handle = await startOnboarding(client, taskQueue, { ...CONSORTIUM, memberCodes: members }, { interval: `${REMINDER_INTERVAL_MS / 1000} seconds`, beforeDeadline: '1 second' });
    // All but the last member answer; the reminder timer (set at start) is pending.
    const before = await answerSurveys(handle, members.slice(0, -1));
    expect(before.phase).toBe('SURVEY');
    const reminderDueAt = Date.parse(before.reminders.nextAt!);
    expect(before.reminders.sent).toBe(0);

    // Restart 1: graceful stop, then start again on the same file and port. The timer is pending when
    // the server goes down (whether it falls due during the outage or after it depends on this
    // machine's speed; either way it must fire after the restart, once).
    expect(Date.now()).toBeLessThan(reminderDueAt);
    await servers[0].stop(5000);
    expect(servers[0].child.exitCode !== null || servers[0].child.signalCode !== null).toBe(true);
    await sleep(1000);
    await startServer();
    const firstRestartDoneAt = Date.now();

    // The timer fires after the restart, not before, and once.
    let afterFirst: OnboardingState | undefined;
    await eventually(
      async () => (afterFirst = await waitForPhase(handle, 'SURVEY', 10_000)).reminders.sent > 0,
      30_000,
      () => 'the reminder after the restart',
      200,
    );
    expect(afterFirst!.reminders.sent).toBe(1);
    expect(Date.parse(afterFirst!.reminders.lastSentAt!)).toBeGreaterThanOrEqual(reminderDueAt);
    expect(afterFirst!.members.slice(0, -1).every((m) => m.surveyAnsweredAt !== null)).toBe(true);
    const outbox = await db.prisma.outboxMessage.findMany({ where: { consortiumId: CONSORTIUM.id } });
    expect(outbox.map((m) => m.id).sort()).toEqual(members.map((code) => `${onboardingWorkflowId(CONSORTIUM.id)}/reminder-1/${code}`).sort());
    for (const m of outbox) expect(m.createdAt.getTime()).toBeGreaterThanOrEqual(reminderDueAt - 50);

    // On to integration; the library system is not ready, so its check waits for a 10 s retry timer.
    await answerSurveys(handle, members.slice(-1));
    expect((await signAll(handle, members)).phase).toBe('INTEGRATION');
    await eventually(() => library.calls.length >= 1, 15_000, () => 'the first library-system check');
    const firstCheckAt = library.calls[0].at;

    // Restart 2: the server is killed outright while the retry timer is pending, comes back on the same file.
    expect(Date.now()).toBeLessThan(firstCheckAt + 10_000);
    servers[1].child.kill('SIGKILL');
    await servers[1].exited;
    await startServer();
    const secondRestartDoneAt = Date.now();
    library.setStatus(200);
    const integrating = await waitForPhase(handle, 'INTEGRATION', 20_000);
    expect(integrating.members.every((m) => m.signedOn !== null)).toBe(true);
    await completeManualSteps(handle);

    const final = (await handle.result()) as OnboardingState;
    const liveAt = Date.now();
    expect(final.phase).toBe('LIVE');
    // The retry timer set before the kill fired after it, and the check then passed.
    const retry = library.calls.find((c) => c.status === 200)!;
    expect(retry.at).toBeGreaterThanOrEqual(firstCheckAt + 9_000);
    expect(retry.at).toBeGreaterThan(secondRestartDoneAt);

    const rows = await db.prisma.municipality.findMany({ where: { consortiumId: CONSORTIUM.id } });
    expect(rows.every((r) => r.joined && r.joinedAt !== null)).toBe(true);
    expect(await db.prisma.municipality.count({ where: { joined: true } })).toBe(members.length);
    expect(worker!.running()).toBe(true); // the worker rode out both outages
    console.log(
      `temporal restarts: 1st done at +${firstRestartDoneAt - t0} ms (reminder due at +${reminderDueAt - t0} ms), ` +
        `2nd at +${secondRestartDoneAt - t0} ms (retry due at +${firstCheckAt + 10_000 - t0} ms, ran at +${retry.at - t0} ms); LIVE at +${liveAt - t0} ms`,
    );
  });
});
