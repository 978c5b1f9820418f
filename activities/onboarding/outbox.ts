// Reminders through the outbox: the row is written first under a deterministic id, and a message is
// sent only while its row has no sentAt, so an activity retry never sends a message twice.
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

export interface OutboxDependencies {
  prisma: PrismaClient;
  /** null: no SMTP configured; the outbox row and a log line are the delivery. */
  mailer: Mailer | null;
  mailFrom: string;
  /** Where reminders about members without a contact go; without it they are skipped with a log line. */
  staffAddress: string | null;
  logger: ActivityLogger;
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
  const names = await municipalityNames(prisma, request.recipients.map((r) => r.municipalityCode));
  const delivered: string[] = [];
  const skipped: string[] = [];
  const failures: string[] = [];
  for (const recipient of request.recipients) {
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
    const message = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    if (message.sentAt === null) {
      try {
        if (mailer) {
          await mailer.sendMail({ from: deps.mailFrom, to: message.recipient, subject: message.subject, text: message.body });
        } else {
          logger.info('Reminder kept in the outbox (no SMTP configured)', { id, recipient: message.recipient, subject: message.subject });
        }
        await prisma.outboxMessage.update({ where: { id }, data: { sentAt: new Date(), lastError: null } });
      } catch (err) {
        const error = (err as Error).message;
        await prisma.outboxMessage.update({ where: { id }, data: { lastError: error } });
        logger.warn('Reminder not sent; the activity will retry', { id, error });
        failures.push(`${id}: ${error}`);
        continue;
      }
    }
    delivered.push(id);
  }
  // Thrown after trying everyone: the retry sends only what is still unsent.
  if (failures.length) throw new Error(`Reminders not sent: ${failures.join('; ')}`);
  return { delivered, skipped };
}
