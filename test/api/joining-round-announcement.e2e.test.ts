// A new joining round is announced durably: when the first request inserted the round but never got to
// announce it (the API died, Temporal was away), repeating the request still announces it, and the
// onboardings in SURVEY re-read the rounds and send the round's before-deadline reminder.
import { roundAnnouncementWorkflowId } from '../../workflows/onboarding/announcement';
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import { startTestStack, TestStack } from '../support/stack';

const today = () => {
  const d = helsinkiDate(Date.now());
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
};

describe('joining round announcement through the API', () => {
  let stack: TestStack;
  const http = () => stack.http('staff');

  beforeAll(async () => {
    stack = await startTestStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  async function deadlineReminders(consortiumId: string, timeoutMs: number): Promise<{ subject: string }[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const rows = await stack.db.prisma.outboxMessage.findMany({ where: { consortiumId, subject: { contains: 'määräaika' } } });
      if (rows.length > 0 || Date.now() > until) return rows;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('a repeated request announces a round whose first request was cut off after the insert', async () => {
    await http().post('/consortia/kirkes/onboarding').expect(201);
    const [code] = (await http().get('/consortia/kirkes').expect(200)).body.municipalityCodes;
    await http()
      .post(`/municipalities/${code}/survey`)
      .send({ intendsToJoin: true, desiredSchedule: 'first round', contactEmail: 'kirjasto@jarvenpaa.fi' })
      .expect(200);

    // The first request's insert, and nothing after it.
    const round = { name: `katkennut-${Date.now()}`, signingDeadline: today(), goLiveDate: today() };
    const row = await stack.db.prisma.joiningRound.create({
      data: { name: round.name, signingDeadline: new Date(`${round.signingDeadline}T00:00:00Z`), goLiveDate: new Date(`${round.goLiveDate}T00:00:00Z`) },
    });
    expect(await deadlineReminders('kirkes', 1_000)).toEqual([]);

    const repeated = await http().post('/joining-rounds').send(round).expect(200);
    expect(repeated.body.id).toBe(row.id);
    const announcement = stack.env.client.workflow.getHandle(roundAnnouncementWorkflowId(row.id));
    expect(await announcement.result()).toBeGreaterThanOrEqual(1);
    // Told, the onboarding re-reads the rounds: the deadline is today, so its reminder is due at once.
    const reminders = await deadlineReminders('kirkes', 20_000);
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    expect(reminders[0].subject).toContain('lähestyy');

    // Once more: the same announcement, nothing started twice.
    const firstRun = (await announcement.describe()).runId;
    await http().post('/joining-rounds').send(round).expect(200);
    const latest = await stack.env.client.workflow.getHandle(roundAnnouncementWorkflowId(row.id)).describe();
    expect(latest.runId).toBe(firstRun);
  }, 90_000);
});
