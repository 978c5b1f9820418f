// Drives one consortium's onboarding straight through Temporal (the client the API would use, with
// the application's data converter), and reads its outcome from the database.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { onboardingStartOptions } from '../../../src/onboarding/onboarding-start';
import { DEFAULT_INTEGRATION_STEPS } from '../../../src/config/config';
import type { PrismaClient } from '../../../src/database/prisma';
import {
  completeIntegrationStep,
  getOnboardingState,
  ONBOARDING_WORKFLOW_TYPE,
  recordSignature,
  recordSurvey,
  type OnboardingInput,
  type OnboardingPhase,
  type OnboardingState,
} from '../../../workflows/onboarding/contract';
import { helsinkiDate } from '../../../workflows/onboarding/calendar';
import { executeUpdateRetrying } from '../../support/updates';
import { eventually } from './processes';

export const todayInHelsinki = (): string => helsinkiDate(Date.now());

/** A joining round whose signing deadline and go-live date are today: go-live follows at once. */
export async function addRoundGoingLiveToday(prisma: PrismaClient, name: string): Promise<void> {
  const today = new Date(`${todayInHelsinki()}T00:00:00Z`);
  await prisma.joiningRound.create({ data: { name, signingDeadline: today, goLiveDate: today } });
}

export async function consortiumMembers(prisma: PrismaClient, consortiumId: string): Promise<string[]> {
  const rows = await prisma.municipality.findMany({ where: { consortiumId }, select: { code: true }, orderBy: { code: 'asc' } });
  return rows.map((r) => r.code);
}

/** The consortium's member codes, once a round going live today (`roundName`) has been added. */
export async function membersGoingLiveToday(prisma: PrismaClient, consortiumId: string, roundName: string): Promise<string[]> {
  const members = await consortiumMembers(prisma, consortiumId);
  await addRoundGoingLiveToday(prisma, roundName);
  return members;
}

/** Checks that the consortium's municipalities are exactly `members` (sorted), each joined as of today; returns them by code. */
export async function expectAllJoinedToday(
  prisma: PrismaClient,
  consortiumId: string,
  members: string[],
): Promise<{ code: string; joined: boolean; joinedAt: Date | null }[]> {
  const joinedOn = new Date(`${todayInHelsinki()}T00:00:00Z`);
  const rows = await prisma.municipality.findMany({ where: { consortiumId }, select: { code: true, joined: true, joinedAt: true }, orderBy: { code: 'asc' } });
  expect(rows.map((r) => r.code)).toEqual(members);
  for (const row of rows) expect(row).toMatchObject({ joined: true, joinedAt: joinedOn });
  return rows;
}

export async function startOnboarding(
  client: Client,
  taskQueue: string,
  consortium: { id: string; name: string; memberCodes: string[] },
  reminders: OnboardingInput['reminders'] = { interval: '7 days', beforeDeadline: '3 days' },
): Promise<WorkflowHandle> {
  const input: OnboardingInput = {
    consortiumId: consortium.id,
    consortiumName: consortium.name,
    memberCodes: consortium.memberCodes,
    integrationSteps: DEFAULT_INTEGRATION_STEPS,
    reminders,
  };
  return client.workflow.start(ONBOARDING_WORKFLOW_TYPE, onboardingStartOptions(input, taskQueue));
}

export async function answerSurveys(handle: WorkflowHandle, codes: string[]): Promise<OnboardingState> {
  let state: OnboardingState | undefined;
  for (const code of codes) {
    state = await executeUpdateRetrying(handle, recordSurvey, {
      args: [{ municipalityCode: code, answer: { intendsToJoin: true, desiredSchedule: 'first round', contactEmail: `kirjasto-${code}@example.fi` } }],
      updateId: `survey-${code}`,
    });
  }
  return state!;
}

export async function signAll(handle: WorkflowHandle, codes: string[]): Promise<OnboardingState> {
  let state: OnboardingState | undefined;
  for (const code of codes) {
    state = await executeUpdateRetrying(handle, recordSignature, {
      args: [{ municipalityCode: code, signature: { signedOn: todayInHelsinki(), signatory: 'Kirjastotoimenjohtaja' } }],
      updateId: `signature-${code}`,
    });
  }
  return state!;
}

export async function completeManualSteps(handle: WorkflowHandle): Promise<OnboardingState> {
  let state: OnboardingState | undefined;
  for (const { step } of DEFAULT_INTEGRATION_STEPS.filter((s) => !s.automatic)) {
    state = await executeUpdateRetrying(handle, completeIntegrationStep, { args: [{ step }], updateId: `step-${step}` });
  }
  return state!;
}

export async function waitForPhase(handle: WorkflowHandle, phase: OnboardingPhase, timeoutMs: number): Promise<OnboardingState> {
  let state: OnboardingState | undefined;
  await eventually(
    async () => {
      state = await handle.query(getOnboardingState);
      return state.phase === phase;
    },
    timeoutMs,
    () => `phase ${phase}, still ${state?.phase}`,
    200,
  );
  return state!;
}
