// Fault 1a: the worker process is SIGKILLed in the middle of a consortium's technical integration (the
// library system answers 503, the automatic check is between two attempts); a new worker process
// takes over, the library system comes up, staff finish the manual steps, and the consortium goes
// LIVE with every member joined exactly once.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createOnboardingActivities } from '../../activities/onboarding';
import { loadConfig } from '../../src/config/config';
import { onboardingWorkflowId, type OnboardingState } from '../../workflows/onboarding/contract';
import type { TestDatabase } from '../support/database';
import { onboardingWorkerEnv, startDatabaseAndDevServer, stopWorkersServerAndDatabase } from './support/fault-stack';
import { startLibrarySystem, type ControlledLibrarySystem } from './support/library-system';
import { answerSurveys, completeManualSteps, expectAllJoinedToday, membersGoingLiveToday, signAll, startOnboarding, todayInHelsinki, waitForPhase } from './support/onboarding';
import { eventually, payloadKeyEnv, startWorkerProcess, type WorkerProcess } from './support/processes';

jest.setTimeout(90_000);

const CONSORTIUM = { id: 'lukki', name: 'Lukki-kirjastot' };

describe('fault: worker SIGKILLed in the middle of a consortium integration', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let library: ControlledLibrarySystem;
  const workers: WorkerProcess[] = [];
  const keys = payloadKeyEnv();
  const taskQueue = `reliability-onboarding-${process.pid}`;
  let workerEnv: Record<string, string>;

  beforeAll(async () => {
    [library, { db, env }] = await Promise.all([startLibrarySystem(503), startDatabaseAndDevServer(keys)]);
    workerEnv = onboardingWorkerEnv({ keys, db, temporalAddress: env.address, taskQueue, library }, { ONBOARDING_STAFF_EMAIL: 'e-kirjasto@example.fi' });
  }, 60_000);

  afterAll(async () => {
    await stopWorkersServerAndDatabase(workers, env, db);
    await library?.close();
  }, 30_000);

  it('continues to LIVE on a new worker; members joined once, outbox without duplicates', async () => {
    const t0 = Date.now();
    const members = await membersGoingLiveToday(db.prisma, CONSORTIUM.id, `kill-round-${process.pid}`);
    expect(members.length).toBeGreaterThan(1);

    const first = await startWorkerProcess('worker-1', workerEnv);
    workers.push(first);
    // Reminders every 2 s while answers are missing: the outbox gets rows before the kill.
    const handle = await startOnboarding(env.client, taskQueue, { ...CONSORTIUM, memberCodes: members }, { interval: '2 seconds', beforeDeadline: '1 second' });
    await eventually(async () => (await db.prisma.outboxMessage.count({ where: { consortiumId: CONSORTIUM.id } })) > 0, 15_000, () => 'a first reminder in the outbox');
    await answerSurveys(handle, members);
    const integrating = await signAll(handle, members);
    expect(integrating.phase).toBe('INTEGRATION');

    // The automatic check has run once and failed (503): the retry is a server-side timer now.
    await eventually(() => library.calls.length >= 1, 15_000, () => 'the first library-system check');
    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const callsAtKill = library.calls.length;
    expect(library.calls.every((c) => c.status === 503 && c.consortiumId === CONSORTIUM.id)).toBe(true);
    const killedAt = Date.now();

    const second = await startWorkerProcess('worker-2', workerEnv);
    workers.push(second);
    library.setStatus(200);
    const afterKill = await waitForPhase(handle, 'INTEGRATION', 20_000);
    // The state from before the kill is all there.
    expect(afterKill.members.every((m) => m.signedOn === todayInHelsinki() && m.contactEmail === `kirjasto-${m.code}@example.fi`)).toBe(true);
    await completeManualSteps(handle);

    const final = (await handle.result()) as OnboardingState;
    const liveAt = Date.now();
    expect(final.phase).toBe('LIVE');
    expect(final.integration.every((s) => s.status === 'DONE')).toBe(true);
    expect(library.calls.length).toBeGreaterThan(callsAtKill);
    expect(library.calls.at(-1)!.status).toBe(200);

    // Every member joined, on the round's date, exactly once.
    const rows = await expectAllJoinedToday(db.prisma, CONSORTIUM.id, members);
    expect(await db.prisma.municipality.count({ where: { joined: true } })).toBe(members.length);

    // A second go-live (a retried activity, or a replay) changes nothing.
    const activities = createOnboardingActivities({ prisma: db.prisma, config: loadConfig({ ...process.env, ...workerEnv }), mailer: null, logger: { info() {}, warn() {} } });
    const again = await activities.markConsortiumJoined({ consortiumId: CONSORTIUM.id, municipalityCodes: members, joinedOn: '2030-01-01' });
    expect(again.newlyJoined).toEqual([]);
    const after = await db.prisma.municipality.findMany({ where: { consortiumId: CONSORTIUM.id }, orderBy: { code: 'asc' } });
    expect(after.map((r) => r.joinedAt)).toEqual(rows.map((r) => r.joinedAt));

    // Reminders: deterministic outbox ids, one row per (reminder, member), none past the last sent.
    const outbox = await db.prisma.outboxMessage.findMany({ where: { consortiumId: CONSORTIUM.id } });
    const workflowId = onboardingWorkflowId(CONSORTIUM.id);
    const keysSeen = outbox.map((m) => {
      const match = /^(.*)\/reminder-(\d+)\/(\d{3})$/.exec(m.id);
      expect(match).not.toBeNull();
      expect(match![1]).toBe(workflowId);
      expect(match![3]).toBe(m.municipalityCode);
      expect(Number(match![2])).toBeLessThanOrEqual(final.reminders.sent);
      return `${match![2]}/${match![3]}`;
    });
    expect(new Set(keysSeen).size).toBe(outbox.length);
    expect(outbox.length).toBeGreaterThan(0);
    console.log(
      `onboarding worker kill: killed at +${killedAt - t0} ms after ${callsAtKill} failed library-system check(s); ` +
        `LIVE at +${liveAt - t0} ms; ${outbox.length} outbox rows over ${final.reminders.sent} reminders`,
    );
  });
});
