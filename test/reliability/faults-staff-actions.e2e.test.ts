// Issue 12, "Done when": staff actions fired concurrently with round creation and reminders. Reminders
// go out every 2 s (to the staff address: nobody has answered yet), joining rounds are created while
// the actions arrive (each creation wakes every onboarding to re-read the rounds, and a round whose
// signing deadline is today makes its before-deadline reminder due at once). Every answer must be 2xx
// or 4xx, and every action answered 2xx must be in the workflow's state.
import type { Response } from 'supertest';
import { getOnboardingState, type OnboardingState } from '../../workflows/onboarding/contract';
import { startTestStack, TestStack } from '../support/stack';
import { consortiumMembers, startOnboarding, todayInHelsinki } from './support/onboarding';
import { eventually } from './support/processes';

jest.setTimeout(180_000);

const CONSORTIA = [
  { id: 'helle', name: 'Helle-kirjastot' },
  { id: 'lastu', name: 'Lastu-kirjastot' },
  { id: 'ratamo', name: 'Ratamo-kirjastot' },
  { id: 'kyyti', name: 'Kyyti-kirjastot' },
];
const WITHDRAWN = 'kyyti';

type Action = { consortiumId: string; kind: 'survey' | 'signature' | 'withdraw'; code?: string; value: string; res: Response };

describe('fault: staff actions racing round creation and reminders', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ ONBOARDING_STAFF_EMAIL: 'e-kirjasto@example.fi' });
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('answers every action with 2xx or 4xx, and keeps every accepted one', async () => {
    const http = () => stack.http('staff');
    const members: Record<string, string[]> = {};
    for (const consortium of CONSORTIA) {
      members[consortium.id] = await consortiumMembers(stack.db.prisma, consortium.id);
      await startOnboarding(stack.env.client, stack.config.TEMPORAL_TASK_QUEUE_ONBOARDING, { ...consortium, memberCodes: members[consortium.id] }, { interval: '2 seconds', beforeDeadline: '1 day' });
    }
    await eventually(async () => (await stack.db.prisma.outboxMessage.count()) >= CONSORTIA.length, 30_000, () => 'the first reminders');

    const actions: Action[] = [];
    const act = async (action: Omit<Action, 'res'>, send: () => Promise<Response>) => actions.push({ ...action, res: await send() });
    const rounds = (wave: number) =>
      Array.from({ length: 3 }, (_, i) =>
        http().post('/joining-rounds').send({ name: `fault-${wave}-${i}-${process.pid}`, signingDeadline: todayInHelsinki(), goLiveDate: '2099-12-31' }),
      );
    const survey = (consortiumId: string, code: string, wave: number) => {
      const value = `wave ${wave} for ${code}`;
      return act({ consortiumId, kind: 'survey', code, value }, () =>
        http().post(`/municipalities/${code}/survey`).send({ intendsToJoin: true, desiredSchedule: value, contactEmail: `kirjasto-${code}@example.fi` }),
      );
    };
    const signature = (consortiumId: string, code: string) => {
      const value = `Kirjastotoimenjohtaja ${code}`;
      return act({ consortiumId, kind: 'signature', code, value }, () => http().post(`/municipalities/${code}/signature`).send({ signedOn: todayInHelsinki(), signatory: value }));
    };

    // Wave 1: every survey answer, a withdrawal, rounds being created, reminders falling due.
    const roundResponses: Response[] = [];
    await Promise.all([
      ...rounds(1).map(async (r) => roundResponses.push(await r)),
      ...CONSORTIA.flatMap((c) => members[c.id].map((code) => survey(c.id, code, 1))),
      act({ consortiumId: WITHDRAWN, kind: 'withdraw', value: 'The council decided not to join this year' }, () =>
        http().post(`/consortia/${WITHDRAWN}/onboarding/withdraw`).send({ reason: 'The council decided not to join this year' }),
      ),
    ]);
    // Wave 2: signatures (some before their survey was taken: 409), answers changed, more rounds.
    await Promise.all([
      ...rounds(2).map(async (r) => roundResponses.push(await r)),
      ...CONSORTIA.flatMap((c) => members[c.id].flatMap((code, i) => (i % 2 === 0 ? [signature(c.id, code)] : [survey(c.id, code, 2), signature(c.id, code)]))),
    ]);

    const failures = [...actions.map((a) => a.res), ...roundResponses].filter((r) => r.status >= 500);
    expect(failures.map((r) => `${r.status} ${r.body?.detail}`)).toEqual([]);
    expect(roundResponses.every((r) => r.status === 201)).toBe(true);

    const states: Record<string, OnboardingState> = {};
    for (const c of CONSORTIA) states[c.id] = await stack.env.client.workflow.getHandle(`consortium-onboarding:${c.id}`).query(getOnboardingState);
    const accepted = actions.filter((a) => a.res.status < 300);
    expect(accepted.length).toBeGreaterThan(members.helle.length);
    for (const action of accepted) {
      const state = states[action.consortiumId];
      if (action.kind === 'withdraw') {
        expect(state).toMatchObject({ phase: 'WITHDRAWN', withdrawalReason: action.value });
        continue;
      }
      const member = state.members.find((m) => m.code === action.code)!;
      if (action.kind === 'signature') expect(member.signatory).toBe(action.value);
      // The later of two accepted answers of a member stands.
      else expect([action.value, `wave 2 for ${action.code}`]).toContain(member.desiredSchedule);
    }
    // What was refused was refused for a reason a person can read.
    for (const refused of actions.filter((a) => a.res.status >= 400)) expect(refused.res.body.detail).toEqual(expect.any(String));
    expect(await stack.db.prisma.outboxMessage.count()).toBeGreaterThan(CONSORTIA.length);
  });
});
