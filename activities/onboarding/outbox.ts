// Reminders through the outbox: the row is written first under a deterministic id, and a message is
// sent only by the attempt that claimed it (an atomic update while its row has no sentAt and no live
// claim), so neither a retry nor an attempt that timed out but still runs sends a message twice.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../src/database/prisma';
import type { ReminderOutcome, ReminderRequest } from '../../workflows/onboarding/activities';
import { MunicipalityNames, reminderLetter } from './reminder-letter';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** What we need of a nodemailer transport. */
export interface Mailer {
  sendMail(message: MailMessage): Promise<unknown>;
}

export interface ActivityLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

/**
 * SMTP time limits, all well inside the sending activity's heartbeat and start-to-close timeouts
 * (workflows/onboarding/workflow.ts): nodemailer's own defaults (2 min to connect, 10 min of socket
 * silence) would let an attempt that Temporal gave up on go on sending.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;
/** One message's send, start to end, however the server drips its answers. */
export const SEND_TIMEOUT_MS = 40_000;
/**
 * How long a claim holds: longer than any send can go on (SEND_TIMEOUT_MS plus the socket's last
 * silence), so that another attempt takes the message over only from an attempt that is gone.
 */
export const CLAIM_MS = 5 * 60_000;

/** The attempt's side of Temporal: heartbeats, and whether the attempt was given up (timed out, cancelled). */
export interface AttemptContext {
  heartbeat(): void;
  readonly abandoned: boolean;
}

const NO_ATTEMPT_CONTEXT: AttemptContext = { heartbeat: () => undefined, abandoned: false };

export interface OutboxDependencies {
  prisma: PrismaClient;
  /** null: no SMTP configured; the outbox row and a log line are the delivery. */
  mailer: Mailer | null;
  mailFrom: string;
  /** Where reminders about members without a contact go; without it they are skipped with a log line. */
  staffAddress: string | null;
  logger: ActivityLogger;
  /** Defaults to none (a plain call, e.g. a test); the worker passes the activity's context. */
  attempt?: AttemptContext;
  /** The municipality's personal survey link for this message (same message id, same link); none: no link. */
  surveyLink?: (municipalityCode: string, consortiumId: string, messageId: string) => Promise<string>;
}

export function outboxId(workflowId: string, sequence: number, municipalityCode: string): string {
  return `${workflowId}/reminder-${sequence}/${municipalityCode}`;
}

async function municipalityNames(prisma: PrismaClient, codes: string[]): Promise<Map<string, MunicipalityNames>> {
  const rows = await prisma.municipality.findMany({ where: { code: { in: codes } }, select: { code: true, nameFi: true, nameSv: true } });
  return new Map(rows.map((r) => [r.code, { fi: r.nameFi, sv: r.nameSv }]));
}

export async function sendReminder(deps: OutboxDependencies, request: ReminderRequest): Promise<ReminderOutcome> {
  const { prisma, mailer, logger } = deps;
  const attempt = deps.attempt ?? NO_ATTEMPT_CONTEXT;
  const names = await municipalityNames(prisma, request.recipients.map((r) => r.municipalityCode));
  const delivered: string[] = [];
  const skipped: string[] = [];
  const failures: string[] = [];
  for (const recipient of request.recipients) {
    // Temporal gave up on this attempt: its retry does the rest (and never what this one claimed).
    if (attempt.abandoned) throw new Error('The attempt was abandoned (timed out or cancelled); the retry sends what is left.');
    attempt.heartbeat();
    const to = recipient.contactEmail ?? deps.staffAddress;
    if (to === null) {
      logger.info('Reminder skipped: the municipality has no contact yet and no staff address is configured', {
        consortiumId: request.consortiumId,
        municipalityCode: recipient.municipalityCode,
      });
      skipped.push(recipient.municipalityCode);
      continue;
    }
    const id = outboxId(request.workflowId, request.sequence, recipient.municipalityCode);
    const link = await deps.surveyLink?.(recipient.municipalityCode, request.consortiumId, id);
    const letter = reminderLetter(request, recipient, names.get(recipient.municipalityCode), recipient.contactEmail === null, link);
    await prisma.outboxMessage.createMany({
      data: [{
        id,
        consortiumId: request.consortiumId,
        municipalityCode: recipient.municipalityCode,
        recipient: to,
        subject: letter.subject,
        body: letter.body,
        transport: mailer ? 'smtp' : 'log',
      }],
      skipDuplicates: true,
    });
    const claim = await claimMessage(prisma, id, attempt);
    if (claim === 'sent') {
      delivered.push(id);
      continue;
    }
    if (claim === 'held') {
      failures.push(`${id}: an earlier attempt is still sending it`);
      continue;
    }
    try {
      if (mailer) {
        await withinSendTimeout(mailer.sendMail({ from: deps.mailFrom, to: claim.recipient, subject: claim.subject, text: claim.body }), attempt);
      } else {
        logger.info('Reminder kept in the outbox (no SMTP configured)', { id, recipient: claim.recipient, subject: claim.subject });
      }
      // Sent is sent, even if this attempt's claim ran out meanwhile.
      await prisma.outboxMessage.updateMany({ where: { id, sentAt: null }, data: { sentAt: new Date(), lastError: null, claimedUntil: null } });
    } catch (err) {
      const error = (err as Error).message;
      // A message the server surely did not take goes back at once; after a time limit or a broken
      // connection the server may have taken it (or still be taking it), so the claim holds until it
      // runs out rather than risk a second letter.
      const released = surelyNotTaken(err) ? { claimedUntil: null } : {};
      await prisma.outboxMessage.updateMany({ where: { id, claimToken: claim.claimToken }, data: { lastError: error, ...released } });
      logger.warn('Reminder not sent; the activity will retry', { id, error });
      failures.push(`${id}: ${error}`);
      continue;
    }
    delivered.push(id);
  }
  // Thrown after trying everyone: the retry sends only what is still unsent.
  if (failures.length) throw new Error(`Reminders not sent: ${failures.join('; ')}`);
  return { delivered, skipped };
}

type Claim = 'sent' | 'held' | { claimToken: string; recipient: string; subject: string; body: string };

/** Takes the message for this attempt if nobody sent it and no live claim holds it. */
async function claimMessage(prisma: PrismaClient, id: string, attempt: AttemptContext): Promise<Claim> {
  const claimToken = randomUUID();
  const now = new Date();
  const { count } = await prisma.outboxMessage.updateMany({
    where: { id, sentAt: null, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
    data: { claimToken, claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: { increment: 1 } },
  });
  const message = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
  if (count === 1) {
    attempt.heartbeat();
    return { claimToken, recipient: message.recipient, subject: message.subject, body: message.body };
  }
  return message.sentAt !== null ? 'sent' : 'held';
}

class SendTimeout extends Error {}

/** The server refused (an SMTP reply code), or the connection never got past its greeting. */
function surelyNotTaken(err: unknown): boolean {
  if (err instanceof SendTimeout || !(err instanceof Error)) return false;
  const smtp = err as Error & { responseCode?: number; command?: string };
  return typeof smtp.responseCode === 'number' || smtp.command === 'CONN';
}

/** The send, bounded by SEND_TIMEOUT_MS, heartbeating while it waits. */
async function withinSendTimeout<T>(send: Promise<T>, attempt: AttemptContext): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const beats = setInterval(() => attempt.heartbeat(), 5_000);
  try {
    return await Promise.race([
      send,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SendTimeout(`The SMTP server did not take the message within ${SEND_TIMEOUT_MS / 1000} s.`)), SEND_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    clearInterval(beats);
  }
}
