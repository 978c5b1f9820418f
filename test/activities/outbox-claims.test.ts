// A reminder is never sent twice, even when Temporal gives up on an attempt while its SMTP conversation
// is still going on: a real SMTP server (smtp-server) that holds the message, the attempt cancelled
// as a timed-out one is, and its retry running meanwhile.
import { MockActivityEnvironment } from '@temporalio/testing';
import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { createOnboardingActivities } from '../../activities/onboarding';
import { outboxId, SMTP_TIMEOUTS } from '../../activities/onboarding/outbox';
import type { ReminderRequest } from '../../workflows/onboarding/activities';
import { createTestDatabase, TestDatabase } from '../support/database';
import { startSmtpServer } from '../support/smtp-inbox';

const silent = { info: () => undefined, warn: () => undefined };
const MAIL_FROM = 'E-kirjasto <ekirjasto@kansalliskirjasto.fi>';

const request: ReminderRequest = {
  workflowId: 'consortium-onboarding:helmet',
  sequence: 7,
  consortiumId: 'helmet',
  consortiumName: 'Helmet',
  kind: 'INTERVAL',
  remindedAt: '2024-03-08T10:00:00.000Z',
  deadline: null,
  recipients: [
    { municipalityCode: '091', contactEmail: 'kirjasto@hel.fi', missing: 'SIGNATURE', declinedToJoin: false },
    { municipalityCode: '049', contactEmail: 'kirjasto@espoo.fi', missing: 'SIGNATURE', declinedToJoin: false },
  ],
};

describe('reminder outbox claims', () => {
  let db: TestDatabase;
  let smtp: SMTPServer;
  let smtpUrl: string;
  const received: string[] = [];
  let arrived: () => void = () => undefined;
  let hold: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ server: smtp, url: smtpUrl } = await startSmtpServer((stream, session, callback) => {
      stream.resume();
      stream.on('end', () => {
        arrived();
        // A slow server: it takes the first message only when the test lets it.
        const gate = hold;
        hold = Promise.resolve();
        void gate.then(() => {
          received.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      });
    }));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
    await db?.drop();
  });

  const activities = (smtpUrl: string) =>
    createOnboardingActivities({
      prisma: db.prisma,
      config: { LIBRARY_SYSTEM_URL_TEMPLATE: 'http://unused/{consortiumId}', MAIL_FROM, SMTP_URL: smtpUrl },
      staffAddress: null,
      logger: silent,
    });

  it('an attempt given up while the SMTP server still holds its message: the retry does not send it again', async () => {
    const acts = activities(smtpUrl);
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    const firstArrived = new Promise<void>((resolve) => (arrived = resolve));

    const first = new MockActivityEnvironment();
    const firstAttempt = first.run(acts.sendReminder, request).then(
      () => 'completed',
      (err: Error) => err.message,
    );
    await firstArrived;
    // Temporal times the attempt out (here: cancels it, as the worker does) and schedules a retry.
    first.cancel('TIMED_OUT');
    arrived = () => undefined;
    const retry = await new MockActivityEnvironment().run(acts.sendReminder, request).catch((err: Error) => err.message);
    expect(retry).toMatch(/an earlier attempt is still sending it/);
    // The slow server finally takes the first attempt's message.
    release();
    expect(await firstAttempt).toMatch(/abandoned|cancel/i);

    const last = (await new MockActivityEnvironment().run(acts.sendReminder, request)) as { delivered: string[] };
    expect(last.delivered).toEqual([outboxId(request.workflowId, 7, '091'), outboxId(request.workflowId, 7, '049')]);
    expect(received.sort()).toEqual(['kirjasto@espoo.fi', 'kirjasto@hel.fi']);
    const rows = await db.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.every((r) => r.sentAt !== null)).toBe(true);
    expect(rows.find((r) => r.municipalityCode === '091')?.attempts).toBe(1);
  }, 60_000);

  it('an SMTP server that never greets fails the attempt within the greeting timeout, inside the activity\'s own', async () => {
    const sockets: Socket[] = [];
    const silentServer: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    try {
      const url = `smtp://127.0.0.1:${(silentServer.address() as AddressInfo).port}`;
      const error = await activities(url)
        .sendReminder({ ...request, sequence: 8, recipients: request.recipients.slice(0, 1) })
        .catch((err: Error) => err.message);
      expect(error).toMatch(/Greeting never received/i);
      const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: outboxId(request.workflowId, 8, '091') } });
      // Refused, not in flight: the claim is given back for the retry at once.
      expect(row).toMatchObject({ sentAt: null, claimedUntil: null });
      expect(SMTP_TIMEOUTS.greetingTimeout).toBeLessThan(30_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silentServer.close(resolve));
    }
  }, 30_000);
});
