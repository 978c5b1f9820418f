// The onboarding's activities against real neighbours: a database of the test's own, a local SMTP
// server that keeps what arrives, and a local HTTP server standing in for library systems.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOnboardingActivities } from '../../activities/onboarding';
import { outboxId } from '../../activities/onboarding/outbox';
import { handleLibrarySystemRequest } from '../../src/stand-ins/library-systems';
import type { OnboardingActivities, ReminderRequest } from '../../workflows/onboarding/activities';
import { createTestDatabase, TestDatabase } from '../support/database';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const silent = { info: () => undefined, warn: () => undefined };
const MAIL_FROM = 'E-kirjasto <ekirjasto@kansalliskirjasto.fi>';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function reminder(sequence: number, overrides: Partial<ReminderRequest> = {}): ReminderRequest {
  return {
    workflowId: 'consortium-onboarding:helmet',
    sequence,
    consortiumId: 'helmet',
    consortiumName: 'Helmet',
    kind: 'INTERVAL',
    remindedAt: '2024-03-08T10:00:00.000Z',
    deadline: { roundName: '2024-opening', signingDeadline: '2024-03-15' },
    recipients: [
      { municipalityCode: '091', contactEmail: 'kirjasto@hel.fi', missing: 'SIGNATURE', declinedToJoin: false },
      { municipalityCode: '235', contactEmail: null, missing: 'SURVEY', declinedToJoin: false },
    ],
    ...overrides,
  };
}

describe('onboarding activities', () => {
  let db: TestDatabase;
  let inbox: SmtpInbox;
  let http: Server;
  let httpBase: string;
  let healthStatus = 200;

  beforeAll(async () => {
    db = await createTestDatabase();
    inbox = await startSmtpInbox();
    http = createServer((req, res) => {
      if (req.url?.startsWith('/down/')) {
        res.writeHead(healthStatus).end();
        return;
      }
      if (!handleLibrarySystemRequest(req, res)) res.writeHead(404).end();
    });
    httpBase = `http://127.0.0.1:${await listen(http)}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => http?.close(resolve));
    await inbox?.stop();
    await db?.drop();
  });
  beforeEach(async () => {
    inbox.mails.length = 0;
    await db.prisma.outboxMessage.deleteMany();
  });

  function activities(overrides: { smtp?: boolean; staffAddress?: string | null; template?: string } = {}): OnboardingActivities {
    return createOnboardingActivities({
      prisma: db.prisma,
      config: {
        LIBRARY_SYSTEM_URL_TEMPLATE: overrides.template ?? `${httpBase}/library-systems/{consortiumId}/health`,
        MAIL_FROM,
        SMTP_URL: overrides.smtp === false ? undefined : inbox.url,
      },
      staffAddress: overrides.staffAddress === undefined ? 'liittyminen@kansalliskirjasto.fi' : overrides.staffAddress,
      logger: silent,
    });
  }

  describe('sendReminder', () => {
    it('sends each missing member one bilingual letter over SMTP and keeps it in the outbox', async () => {
      const outcome = await activities().sendReminder(reminder(1));
      expect(outcome).toEqual({
        delivered: [outboxId('consortium-onboarding:helmet', 1, '091'), outboxId('consortium-onboarding:helmet', 1, '235')],
        skipped: [],
      });
      expect(inbox.mails.map((m) => m.to)).toEqual([['kirjasto@hel.fi'], ['liittyminen@kansalliskirjasto.fi']]);
      const rows = await db.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({ recipient: 'kirjasto@hel.fi', municipalityCode: '091', consortiumId: 'helmet', transport: 'smtp', lastError: null });
      expect(rows.every((r) => r.sentAt !== null)).toBe(true);
      expect(rows[0].body).toContain('Helsinki (091)');
      expect(rows[0].body).toContain('Helsingfors (091)');
      expect(rows[0].body).toContain('15.3.2024');
      expect(rows[1].body).toContain('ei ole vielä vastannut E-kirjaston ennakkokyselyyn');
      expect(rows[1].body).toContain('har ännu inte besvarat');
      expect(inbox.mails[0].data).toMatch(/Subject: .*E-kirjasto/);
    });

    it('never sends twice when retried: one row and one mail per member', async () => {
      const acts = activities();
      await acts.sendReminder(reminder(2));
      await acts.sendReminder(reminder(2));
      expect(inbox.mails).toHaveLength(2);
      expect(await db.prisma.outboxMessage.count()).toBe(2);
      await acts.sendReminder(reminder(3));
      expect(inbox.mails).toHaveLength(4);
    });

    it('keeps the error and throws when SMTP fails, and sends on the retry', async () => {
      const failing = createOnboardingActivities({
        prisma: db.prisma,
        config: { LIBRARY_SYSTEM_URL_TEMPLATE: 'http://unused/{consortiumId}', MAIL_FROM, SMTP_URL: undefined },
        // As nodemailer reports a refused connection: the message surely never left, so its claim is given back.
        mailer: { sendMail: async () => Promise.reject(Object.assign(new Error('connection refused'), { code: 'ESOCKET', command: 'CONN' })) },
        staffAddress: null,
        logger: silent,
      });
      await expect(failing.sendReminder(reminder(4))).rejects.toThrow('connection refused');
      const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: outboxId('consortium-onboarding:helmet', 4, '091') } });
      expect(row).toMatchObject({ sentAt: null, lastError: 'connection refused' });
      await activities({ staffAddress: null }).sendReminder(reminder(4));
      expect(inbox.mails).toHaveLength(1);
      expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ lastError: null });
    });

    it('without SMTP the outbox and the log are the delivery; members without a contact are skipped without a staff address', async () => {
      const outcome = await activities({ smtp: false, staffAddress: null }).sendReminder(reminder(5));
      expect(outcome.skipped).toEqual(['235']);
      expect(inbox.mails).toHaveLength(0);
      const rows = await db.prisma.outboxMessage.findMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ transport: 'log', recipient: 'kirjasto@hel.fi' });
      expect(rows[0].sentAt).not.toBeNull();
    });
  });

  describe('markConsortiumJoined', () => {
    it('marks every member joined once and never moves an earlier joinedAt', async () => {
      const acts = activities();
      const first = await acts.markConsortiumJoined({ consortiumId: 'helmet', municipalityCodes: ['049', '091'], joinedOn: '2024-04-23' });
      expect(first).toEqual({ newlyJoined: ['049', '091'] });
      const second = await acts.markConsortiumJoined({ consortiumId: 'helmet', municipalityCodes: ['049', '091', '092'], joinedOn: '2024-10-01' });
      expect(second).toEqual({ newlyJoined: ['092'] });
      const rows = await db.prisma.municipality.findMany({ where: { code: { in: ['049', '091', '092', '235'] } }, orderBy: { code: 'asc' } });
      expect(rows.map((r) => [r.code, r.joined, r.joinedAt?.toISOString().slice(0, 10) ?? null])).toEqual([
        ['049', true, '2024-04-23'],
        ['091', true, '2024-04-23'],
        ['092', true, '2024-10-01'],
        ['235', false, null],
      ]);
    });

    it('joins only the municipalities the database still lists in the consortium', async () => {
      // 186 (Järvenpää) was moved out of kirkes after the workflow read its members.
      const before = await db.prisma.municipality.findUniqueOrThrow({ where: { code: '186' } });
      await db.prisma.municipality.update({ where: { code: '186' }, data: { consortiumId: 'helmet' } });
      try {
        const kirkes = (await db.prisma.municipality.findMany({ where: { consortiumId: 'kirkes' }, select: { code: true } })).map((m) => m.code);
        const outcome = await activities().markConsortiumJoined({ consortiumId: 'kirkes', municipalityCodes: ['186', ...kirkes], joinedOn: '2024-04-23' });
        expect(outcome.newlyJoined).toEqual([...kirkes].sort());
        expect(await db.prisma.municipality.findUniqueOrThrow({ where: { code: '186' } })).toMatchObject({ joined: false, joinedAt: null });
      } finally {
        await db.prisma.municipality.update({ where: { code: '186' }, data: { consortiumId: before.consortiumId } });
      }
    });

    it('refuses a malformed date without retrying', async () => {
      const error = await activities().markConsortiumJoined({ consortiumId: 'helmet', municipalityCodes: ['049'], joinedOn: '23.4.2024' }).catch((e) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error.nonRetryable).toBe(true);
    });
  });

  describe('listJoiningRounds', () => {
    it('reads the rounds as calendar dates, by go-live date', async () => {
      await db.prisma.joiningRound.create({
        data: { name: 'Syksy 2024', signingDeadline: new Date('2024-08-31T00:00:00Z'), goLiveDate: new Date('2024-10-01T00:00:00Z') },
      });
      expect(await activities().listJoiningRounds()).toEqual([
        { name: '2024-opening', signingDeadline: '2024-03-15', goLiveDate: '2024-04-23' },
        { name: 'Syksy 2024', signingDeadline: '2024-08-31', goLiveDate: '2024-10-01' },
      ]);
    });
  });

  describe('verifyLibrarySystem', () => {
    it('passes when the library system (here the local stand-in) answers 2xx', async () => {
      const check = await new MockActivityEnvironment().run(activities().verifyLibrarySystem, 'helmet');
      expect(check).toEqual({ url: `${httpBase}/library-systems/helmet/health`, status: 200 });
    });

    it('throws a retryable failure while the library system answers 503 or cannot be reached', async () => {
      healthStatus = 503;
      const down = activities({ template: `${httpBase}/down/{consortiumId}` });
      const error = await down.verifyLibrarySystem('helmet').catch((e) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error).toMatchObject({ type: 'LibrarySystemNotReady', nonRetryable: false });
      expect(error.message).toContain('503');
      const unreachable = await activities({ template: 'http://127.0.0.1:1/{consortiumId}' }).verifyLibrarySystem('helmet').catch((e) => e);
      expect(unreachable).toMatchObject({ type: 'LibrarySystemUnreachable', nonRetryable: false });
    });
  });
});

describe('library system stand-in', () => {
  it('answers only its own path', async () => {
    const server = createServer((req, res) => {
      if (!handleLibrarySystemRequest(req, res)) res.writeHead(404).end();
    });
    const port = await listen(server);
    try {
      const ok = await fetch(`http://127.0.0.1:${port}/library-systems/vaski/health`);
      expect([ok.status, await ok.json()]).toEqual([200, { status: 'ok' }]);
      expect((await fetch(`http://127.0.0.1:${port}/library-systems/vaski`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/library-systems/vaski/health`, { method: 'POST' })).status).toBe(405);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
