// The onboarding workflow's activities, built from their dependencies.
import { Context, log } from '@temporalio/activity';
import { createTransport } from 'nodemailer';
import type { AppConfig } from '../../src/config/config';
import type { PrismaClient } from '../../src/database/prisma';
import type { OnboardingActivities } from '../../workflows/onboarding/activities';
import { markJoined } from './go-live';
import { joiningRounds } from './joining-rounds';
import { checkLibrarySystem } from './library-system';
import { ActivityLogger, AttemptContext, Mailer, sendReminder, SMTP_TIMEOUTS } from './outbox';
import { issueSurveyLink, type LinkConfig } from '../../src/console/survey-link-tokens';

export type { ActivityLogger, Mailer } from './outbox';

export interface OnboardingActivityDependencies {
  prisma: PrismaClient;
  config: Pick<AppConfig, 'LIBRARY_SYSTEM_URL_TEMPLATE' | 'MAIL_FROM' | 'SMTP_URL'> & Partial<LinkConfig>;
  /** Defaults to an SMTP transport for config.SMTP_URL; null (or no SMTP_URL) keeps mail in the outbox and the log. */
  mailer?: Mailer | null;
  /** Reminders about members that have no contact yet go here; without it they are skipped with a log line. */
  staffAddress?: string | null;
  fetch?: typeof fetch;
  /** Defaults to the activity context's logger (the worker's). */
  logger?: ActivityLogger;
  /** Told after a go-live has marked municipalities joined (e.g. to drop a cache of joined municipalities). */
  onJoined?: () => void;
}

export function createOnboardingActivities(deps: OnboardingActivityDependencies): OnboardingActivities {
  const { prisma, config } = deps;
  const mailer = deps.mailer !== undefined ? deps.mailer : config.SMTP_URL ? createTransport({ url: config.SMTP_URL, ...SMTP_TIMEOUTS }) : null;
  const logger: ActivityLogger = deps.logger ?? { info: (m, a) => log.info(m, a), warn: (m, a) => log.warn(m, a) };
  const fetchFn = deps.fetch ?? fetch;
  // Survey links need the public address and the link settings (the worker's full config has them).
  const linkConfig = config.PUBLIC_BASE_URL && config.SURVEY_LINK_TTL && config.NODE_ENV ? (config as LinkConfig) : undefined;
  const surveyLink = linkConfig
    ? async (municipalityCode: string, consortiumId: string, messageId: string) =>
        (await issueSurveyLink(prisma, linkConfig, { municipalityCode, consortiumId, name: messageId })).url
    : undefined;
  const outbox = { prisma, mailer, mailFrom: config.MAIL_FROM, staffAddress: deps.staffAddress ?? null, logger, surveyLink };
  return {
    listJoiningRounds: () => joiningRounds(prisma),
    markConsortiumJoined: async (request) => {
      const result = await markJoined(prisma, request);
      deps.onJoined?.();
      return result;
    },
    sendReminder: (request) => sendReminder({ ...outbox, attempt: currentAttempt() }, request),
    verifyLibrarySystem: (consortiumId) => checkLibrarySystem(fetchFn, config.LIBRARY_SYSTEM_URL_TEMPLATE, consortiumId),
  };
}

/** The running activity's heartbeat and cancellation; none when called outside an activity (tests). */
function currentAttempt(): AttemptContext | undefined {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return undefined;
  }
  return {
    heartbeat: () => context.heartbeat(),
    get abandoned() {
      return context.cancellationSignal.aborted;
    },
  };
}
