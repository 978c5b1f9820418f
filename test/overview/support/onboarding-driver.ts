// Takes real onboarding workflows through their phases on the test's dev server, up to LIVE, so
// that the overview shows what staff will see. This worker (on its own task queue) has stand-ins that
// act on the test database; the stack runs it and shuts it down with its own workers, after the API.
import { Worker } from '@temporalio/worker';
import { createDataConverter } from '../../../src/codec/data-converter';
import {
  completeIntegrationStep,
  ONBOARDING_WORKFLOW_TYPE,
  OnboardingInput,
  onboardingWorkflowId,
  recordSignature,
  recordSurvey,
  searchAttributes,
  withdrawOnboarding,
} from '../../../workflows/onboarding/contract';
import type { OnboardingActivities } from '../../../workflows/onboarding/activities';
import { helsinkiDate } from '../../../workflows/onboarding/calendar';
import type { TestStack } from '../../support/stack';
import { workflowBundle } from '../../support/temporal';
import { executeUpdateRetrying } from '../../support/updates';

export type Target = 'SURVEY' | 'SIGNATURES' | 'INTEGRATION' | 'SCHEDULED' | 'LIVE' | 'WITHDRAWN';

const DAY_MS = 86_400_000;
const SCHEDULES = ['ensimmäinen kierros', 'heti alussa', 'första omgången', 'Q1 2027', 'kevät 2027', 'huhtikuu 2027', 'later', 'hösten 2027'];

export interface OnboardingDriver {
  /** Rounds: one that went live today (signed by yesterday), one 60 days ahead (signed by 30 days ahead). */
  rounds: { today: string; next: string };
  drive(consortiumId: string, target: Target): Promise<void>;
}

export async function startOnboardingDriver(stack: TestStack): Promise<OnboardingDriver> {
  const { prisma } = stack.db;
  const today = helsinkiDate(Date.now());
  const yesterday = helsinkiDate(Date.now() - DAY_MS);
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const rounds = { today: 'kierros-2', next: 'kierros-3' };
  await prisma.joiningRound.createMany({
    data: [
      { name: rounds.today, signingDeadline: day(yesterday), goLiveDate: day(today) },
      { name: rounds.next, signingDeadline: day(helsinkiDate(Date.now() + 30 * DAY_MS)), goLiveDate: day(helsinkiDate(Date.now() + 60 * DAY_MS)) },
    ],
  });

  const activities: OnboardingActivities = {
    async listJoiningRounds() {
      const rows = await prisma.joiningRound.findMany();
      const iso = (d: Date) => d.toISOString().slice(0, 10);
      return rows.map((r) => ({ name: r.name, signingDeadline: iso(r.signingDeadline), goLiveDate: iso(r.goLiveDate) }));
    },
    async markConsortiumJoined({ municipalityCodes, joinedOn }) {
      const fresh = await prisma.municipality.findMany({ where: { code: { in: municipalityCodes }, joined: false }, select: { code: true } });
      await prisma.municipality.updateMany({ where: { code: { in: fresh.map((m) => m.code) } }, data: { joined: true, joinedAt: day(joinedOn) } });
      return { newlyJoined: fresh.map((m) => m.code) };
    },
    async sendReminder() {
      return { delivered: [], skipped: [] };
    },
    async verifyLibrarySystem(consortiumId) {
      return { url: `http://library.example/${consortiumId}`, status: 200 };
    },
  };
  const taskQueue = `overview-driver-${process.pid}`;
  const worker = await Worker.create({
    connection: stack.env.nativeConnection,
    namespace: stack.config.TEMPORAL_NAMESPACE,
    taskQueue,
    ...workflowBundle(),
    dataConverter: createDataConverter(stack.config),
    activities,
  });
  stack.addWorker(worker);

  async function drive(consortiumId: string, target: Target): Promise<void> {
    const consortium = await prisma.consortium.findUniqueOrThrow({ where: { id: consortiumId }, include: { municipalities: { orderBy: { code: 'asc' } } } });
    const codes = consortium.municipalities.map((m) => m.code);
    const input: OnboardingInput = {
      consortiumId,
      consortiumName: consortium.name,
      memberCodes: codes,
      integrationSteps: stack.config.INTEGRATION_STEPS,
      reminders: { interval: '7 days', beforeDeadline: '3 days' },
    };
    const handle = await stack.env.client.workflow.start(ONBOARDING_WORKFLOW_TYPE, {
      workflowId: onboardingWorkflowId(consortiumId),
      taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: searchAttributes.consortiumId, value: consortiumId },
        { key: searchAttributes.onboardingPhase, value: 'SURVEY' },
      ],
    });
    // In SURVEY, a third of the members have not answered yet; the rest answer in all three languages.
    const answering = target === 'SURVEY' ? codes.filter((_, i) => i % 3 !== 0) : codes;
    for (const [i, code] of answering.entries()) {
      const answer = { intendsToJoin: target !== 'SURVEY' || i !== 1, desiredSchedule: SCHEDULES[(code.charCodeAt(2) + i) % SCHEDULES.length], contactEmail: `kirjasto@k${code}.example` };
      await executeUpdateRetrying(handle, recordSurvey, { args: [{ municipalityCode: code, answer }] });
    }
    if (target === 'WITHDRAWN') {
      await executeUpdateRetrying(handle, withdrawOnboarding, { args: [{ reason: 'Ei liity tällä kertaa' }] });
      return;
    }
    if (target === 'SURVEY' || target === 'SIGNATURES') return;
    const signedOn = target === 'LIVE' ? yesterday : today;
    for (const code of codes) {
      await executeUpdateRetrying(handle, recordSignature, { args: [{ municipalityCode: code, signature: { signedOn, signatory: `Kunnanjohtaja ${code}` } }] });
    }
    if (target === 'INTEGRATION') return;
    for (const { step } of stack.config.INTEGRATION_STEPS.filter((s) => !s.automatic)) {
      await executeUpdateRetrying(handle, completeIntegrationStep, { args: [{ step }] });
    }
  }

  return { rounds, drive };
}
