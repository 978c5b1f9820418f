// A membership move as a workflow (saga) on the time-skipping server, with both onboardings running,
// the move's real activities (Temporal's client, a database of the test's own) and the onboardings'
// stand-ins. Each failure mode of the old API-side coordination has a case here.
import { Worker } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMembershipActivities } from '../../activities/onboarding/membership';
import { getOnboardingState, MemberState, OnboardingRefusal, withdrawOnboarding } from '../../workflows/onboarding/contract';
import {
  MEMBERSHIP_MOVE_WORKFLOW_TYPE,
  MembershipActivities,
  MembershipMoveOutcome,
  membershipMoveWorkflowId,
} from '../../workflows/onboarding/move-contract';
import type { membershipMove } from '../../workflows/onboarding/move-workflow';
import { answer, confirmManualSteps, eventually, FakeSystems, installQuietRuntime, onboardingInput, sign, startOnboarding, TASK_QUEUE, workflowClock } from '../fixtures/onboarding';
import { recordHistoryIfAsked } from '../fixtures/onboarding-histories';
import { createTestDatabase, TestDatabase } from '../support/database';
import { startTimeSkippingServer, workflowBundle } from '../support/temporal';

type Hooks = Partial<{ [K in keyof MembershipActivities]: (real: MembershipActivities[K], ...args: Parameters<MembershipActivities[K]>) => ReturnType<MembershipActivities[K]> }>;

describe('membership move (time-skipping server, real database)', () => {
  let db: TestDatabase;
  let members: Record<string, string[]>;

  beforeAll(async () => {
    installQuietRuntime();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(async () => {
    // Every case starts from the seeded membership.
    const rows = await db.prisma.municipality.findMany({ select: { code: true, consortiumId: true }, orderBy: { code: 'asc' } });
    members ??= rows.reduce<Record<string, string[]>>((acc, r) => ({ ...acc, [r.consortiumId]: [...(acc[r.consortiumId] ?? []), r.code] }), {});
    for (const [consortiumId, codes] of Object.entries(members)) {
      await db.prisma.municipality.updateMany({ where: { code: { in: codes } }, data: { consortiumId } });
    }
  });

  const consortiumOf = async (code: string) => (await db.prisma.municipality.findUniqueOrThrow({ where: { code } })).consortiumId;

  /** A server of its own, a worker with the onboardings' stand-ins and the move's real activities (optionally wrapped). */
  async function withServer<T>(hooks: Hooks, body: (env: TestWorkflowEnvironment) => Promise<T>): Promise<T> {
    const env = await startTimeSkippingServer();
    try {
      const real = createMembershipActivities({ prisma: db.prisma, client: env.client });
      const wrapped = Object.fromEntries(
        Object.entries(real).map(([name, fn]) => {
          const hook = hooks[name as keyof MembershipActivities] as ((real: unknown, ...args: unknown[]) => unknown) | undefined;
          return [name, hook ? (...args: unknown[]) => hook(fn, ...args) : fn];
        }),
      );
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: TASK_QUEUE,
        ...workflowBundle(),
        activities: { ...new FakeSystems().activities, ...wrapped },
      });
      return await worker.runUntil(() => body(env));
    } finally {
      await env.teardown();
    }
  }

  const move = (env: TestWorkflowEnvironment, code: string, to: string, moveId = `${code}-${to}`): Promise<MembershipMoveOutcome> =>
    env.client.workflow.execute<typeof membershipMove>(MEMBERSHIP_MOVE_WORKFLOW_TYPE, {
      workflowId: membershipMoveWorkflowId(moveId),
      taskQueue: TASK_QUEUE,
      args: [{ moveId, municipalityCode: code, targetConsortiumId: to }],
    });

  async function refusalOfMove(outcome: Promise<unknown>): Promise<ApplicationFailure> {
    const err = await outcome.then(
      () => {
        throw new Error('the move was not refused');
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  }

  /** kirkes with its first member answered and signed (SIGNATURES), helmet in SURVEY. */
  async function twoOnboardings(env: TestWorkflowEnvironment) {
    const source = await startOnboarding(env, onboardingInput('kirkes', members.kirkes));
    const target = await startOnboarding(env, onboardingInput('helmet', members.helmet));
    const { today } = await workflowClock(source);
    const code = members.kirkes[0];
    await answer(source, code, true, 'kirjasto@kunta.fi');
    await sign(source, code, today);
    const member = (await source.query(getOnboardingState)).members.find((m) => m.code === code)!;
    return { source, target, code, member, today };
  }

  it('moves the municipality with its survey answer and signature; the database follows', () =>
    withServer({}, async (env) => {
      const { source, target, code, member } = await twoOnboardings(env);
      const outcome = await move(env, code, 'helmet');
      expect(outcome).toMatchObject({ moved: true, from: 'kirkes', to: 'helmet', carried: member });
      const moved = (await target.query(getOnboardingState)).members.find((m) => m.code === code);
      expect(moved).toEqual(member);
      const sourceState = await source.query(getOnboardingState);
      expect(sourceState.members.map((m) => m.code)).not.toContain(code);
      expect(await consortiumOf(code)).toBe('helmet');
      // The same move id again is the same move: its outcome, nothing applied twice.
      const handle = env.client.workflow.getHandle(membershipMoveWorkflowId(`${code}-helmet`));
      expect(await handle.result()).toEqual(outcome);
      recordHistoryIfAsked('membership-move', await handle.fetchHistory());
      // Moving it where it already is changes nothing.
      expect(await move(env, code, 'helmet', 'again')).toMatchObject({ moved: false, from: 'helmet', to: 'helmet' });
    }), 120_000);

  it('refuses a move into a SCHEDULED or WITHDRAWN consortium, and leaves everything as it was', () =>
    withServer({}, async (env) => {
      const { source, code, member, today } = await twoOnboardings(env);
      const sourceBefore = await source.query(getOnboardingState);
      // A consortium of one, scheduled (no round yet: it waits in SCHEDULED).
      const single = Object.entries(members).find(([id, codes]) => codes.length === 1 && id !== 'kirkes')!;
      const scheduled = await startOnboarding(env, onboardingInput(single[0], single[1]));
      await answer(scheduled, single[1][0]);
      await sign(scheduled, single[1][0], today);
      await eventually(scheduled, (s) => s.phase === 'INTEGRATION' && s.integration[0].status === 'DONE');
      await confirmManualSteps(scheduled);
      await eventually(scheduled, (s) => s.phase === 'SCHEDULED');
      const intoScheduled = await refusalOfMove(move(env, code, single[0]));
      expect(intoScheduled).toMatchObject({ type: OnboardingRefusal.OUT_OF_ORDER });
      expect(intoScheduled.message).toMatch(/scheduled to go live; its membership can no longer change/);

      const withdrawn = await startOnboarding(env, onboardingInput('vaski', members.vaski));
      await withdrawn.executeUpdate(withdrawOnboarding, { args: [{ reason: 'Kimppa päätti odottaa' }] });
      await withdrawn.result();
      const intoWithdrawn = await refusalOfMove(move(env, code, 'vaski'));
      expect(intoWithdrawn.message).toMatch(/was withdrawn; start it again before moving municipalities into it/);

      // Nothing changed: the member keeps its answers and signature, the source its phase, the database its row.
      const sourceAfter = await source.query(getOnboardingState);
      expect(sourceAfter.members.find((m) => m.code === code)).toEqual(member);
      expect(sourceAfter.phase).toBe(sourceBefore.phase);
      expect(sourceAfter.members).toEqual(sourceBefore.members);
      expect(await consortiumOf(code)).toBe('kirkes');
    }), 120_000);

  it('a database refusal undoes the target step; the source is never touched', () =>
    withServer(
      {
        // Another request moved the municipality elsewhere just before this move's database write.
        assignConsortium: async (real, assignment) => {
          if (assignment.to === 'helmet') await db.prisma.municipality.update({ where: { code: assignment.municipalityCode }, data: { consortiumId: 'outi' } });
          return real(assignment);
        },
      },
      async (env) => {
        const { source, target, code, member } = await twoOnboardings(env);
        const sourceBefore = await source.query(getOnboardingState);
        const targetBefore = await target.query(getOnboardingState);
        const refusal = await refusalOfMove(move(env, code, 'helmet'));
        expect(refusal.message).toMatch(/moved to consortium outi by another request/);
        expect((await target.query(getOnboardingState)).members).toEqual(targetBefore.members);
        const sourceAfter = await source.query(getOnboardingState);
        expect(sourceAfter.members).toEqual(sourceBefore.members);
        expect(sourceAfter.members.find((m) => m.code === code)).toEqual(member);
        expect(sourceAfter.phase).toBe(sourceBefore.phase);
      },
    ), 120_000);

  it('answers that change during the move refuse it and undo the database and target steps', () =>
    withServer(
      {
        assignConsortium: async (real, assignment) => {
          const result = await real(assignment);
          // Staff changed the survey answer in the source while the move was under way.
          if (assignment.to === 'helmet') changed = await answerLate();
          return result;
        },
      },
      async (env) => {
        const { source, target, code } = await twoOnboardings(env);
        const other = members.kirkes[1];
        await answer(source, other, true, 'ennen@kunta.fi');
        answerLate = async () => (await answer(source, other, false, 'jalkeen@kunta.fi')).members.find((m) => m.code === other)!;
        const targetBefore = await target.query(getOnboardingState);
        const refusal = await refusalOfMove(move(env, other, 'helmet'));
        expect(refusal.message).toMatch(/changed in consortium kirkes while it was being moved; try the move again/);
        expect((await target.query(getOnboardingState)).members).toEqual(targetBefore.members);
        expect(await consortiumOf(other)).toBe('kirkes');
        const sourceAfter = await source.query(getOnboardingState);
        expect(sourceAfter.members.find((m) => m.code === other)).toEqual(changed);
        expect(sourceAfter.members.find((m) => m.code === code)?.signedOn).not.toBeNull();
      },
    ), 120_000);

  it('a describe or query that fails is retried, never read as "no onboarding runs"', () => {
    let failures = 0;
    return withServer(
      {
        onboardingSnapshot: async (real, consortiumId) => {
          if (failures < 3) {
            failures += 1;
            throw new Error('14 UNAVAILABLE: Temporal is restarting');
          }
          return real(consortiumId);
        },
      },
      async (env) => {
        const { source, target, code, member } = await twoOnboardings(env);
        const outcome = await move(env, code, 'helmet');
        expect(failures).toBe(3);
        expect(outcome).toMatchObject({ moved: true, carried: member });
        expect((await target.query(getOnboardingState)).members.find((m) => m.code === code)).toEqual(member);
        expect((await source.query(getOnboardingState)).members.map((m) => m.code)).not.toContain(code);
      },
    );
  }, 120_000);
});

let answerLate: () => Promise<MemberState> = async () => {
  throw new Error('not set');
};
let changed: MemberState | undefined;
