// The membership move's adapters: the onboardings (through Temporal's client) and the database.
// Every failure that is not a refusal is thrown as it is, so that the activity is retried: a describe
// or query that fails never reads as "no onboarding runs".
import { ApplicationFailure } from '@temporalio/activity';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { PrismaClient } from '../../src/database/prisma';
import { changeMembership, getOnboardingState, OnboardingRefusal, onboardingWorkflowId } from '../../workflows/onboarding/contract';
import type { MembershipActivities, OnboardingSnapshot } from '../../workflows/onboarding/move-contract';

export interface MembershipActivityDependencies {
  prisma: PrismaClient;
  /** The worker's client (its connection and data converter). */
  client: Client;
}

const refused = (message: string, type: string = OnboardingRefusal.OUT_OF_ORDER) => ApplicationFailure.nonRetryable(message, type);

const isCompletedWorkflowError = (err: unknown) => err instanceof Error && /workflow execution already completed/i.test(err.message);

export function createMembershipActivities({ prisma, client }: MembershipActivityDependencies): MembershipActivities {
  return {
    async municipalityMembership(code) {
      const row = await prisma.municipality.findUnique({ where: { code }, select: { consortiumId: true, joined: true } });
      if (!row) throw refused(`There is no municipality with code ${code}.`, OnboardingRefusal.UNKNOWN);
      return row;
    },

    async onboardingSnapshot(consortiumId): Promise<OnboardingSnapshot> {
      const handle = client.workflow.getHandle(onboardingWorkflowId(consortiumId));
      let running: boolean;
      try {
        running = (await handle.describe()).status.name === 'RUNNING';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return { status: 'NONE', state: null };
        throw err;
      }
      return { status: running ? 'RUNNING' : 'CLOSED', state: await handle.query(getOnboardingState) };
    },

    async changeOnboardingMembership({ consortiumId, updateId, request }) {
      const handle = client.workflow.getHandle(onboardingWorkflowId(consortiumId));
      try {
        return await handle.executeUpdate(changeMembership, { args: [request], updateId });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
          throw refused(err.cause.message, err.cause.type ?? OnboardingRefusal.OUT_OF_ORDER);
        }
        if (err instanceof WorkflowNotFoundError || isCompletedWorkflowError(err)) {
          throw refused(`The onboarding of consortium ${consortiumId} ended during the move; it takes no more membership changes.`);
        }
        throw err;
      }
    },

    async assignConsortium({ municipalityCode: code, from, to }) {
      const { count } = await prisma.municipality.updateMany({ where: { code, consortiumId: from, joined: false }, data: { consortiumId: to } });
      if (count === 1) return;
      const now = await prisma.municipality.findUnique({ where: { code }, select: { consortiumId: true, joined: true } });
      if (now?.consortiumId === to) return; // a retry of a write that was applied
      if (now?.joined) throw refused(`Municipality ${code} went live in E-kirjasto during the move; it stays in consortium ${now.consortiumId}.`);
      throw refused(`Municipality ${code} was moved to consortium ${now?.consortiumId} by another request meanwhile.`);
    },
  };
}
