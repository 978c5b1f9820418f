// Moving a municipality to another consortium. The move itself is a workflow (a saga across both
// onboardings and the database, workflows/onboarding/move-workflow.ts): the API validates, starts it
// under the move's id and answers with its outcome.
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ConsortiaService } from '../consortia/consortia.service';
import { conflict, notFound, ProblemException, tryAgainLater, unprocessable } from '../http/problem';
import { MunicipalitiesService, MunicipalityView } from '../municipalities/municipalities.service';
import { MemberState, OnboardingRefusal, OnboardingState } from '../../workflows/onboarding/contract';
import {
  MEMBERSHIP_MOVE_WORKFLOW_TYPE,
  MembershipMoveInput,
  MembershipMoveOutcome,
  membershipMoveWorkflowId,
} from '../../workflows/onboarding/move-contract';
import type { membershipMove } from '../../workflows/onboarding/move-workflow';

export interface MembershipChange {
  moveId: string;
  /** False when the municipality already was in the target consortium. */
  moved: boolean;
  municipality: MunicipalityView;
  /** The survey answer and signature that moved with it (null: it had none). */
  carried: MemberState | null;
  from: { consortiumId: string; onboarding: OnboardingState | null };
  to: { consortiumId: string; onboarding: OnboardingState | null };
}

/** How long a request waits for its move; past it, 503 and the same request (same key) picks it up. */
const MOVE_WAIT_MS = 30_000;
const MOVE_RETRY_AFTER_SECONDS = 5;

const REFUSAL_STATUS: Record<string, (detail: string) => ProblemException> = {
  [OnboardingRefusal.OUT_OF_ORDER]: conflict,
  [OnboardingRefusal.UNKNOWN]: notFound,
  [OnboardingRefusal.INVALID]: unprocessable,
};

/**
 * The move's id: with an Idempotency-Key, bound to the key and to what is moved where, so that a
 * repeated request is the same move (its outcome, refusals included, is answered again) and the same
 * key on another body is another move. Without one, a fresh id: repeating such a request is still
 * harmless, since a municipality already in the target is "not moved".
 */
export function moveIdFor(code: string, targetConsortiumId: string, idempotencyKey?: string): string {
  if (!idempotencyKey) return randomUUID();
  return createHash('sha256').update(JSON.stringify([idempotencyKey, code, targetConsortiumId])).digest('hex').slice(0, 40);
}

@Injectable()
export class MembershipService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MunicipalitiesService) private readonly municipalities: MunicipalitiesService,
    @Inject(ConsortiaService) private readonly consortia: ConsortiaService,
  ) {}

  async move(code: string, targetConsortiumId: string, idempotencyKey?: string): Promise<MembershipChange> {
    await this.municipalities.get(code);
    await this.consortia.get(targetConsortiumId);
    const input: MembershipMoveInput = { moveId: moveIdFor(code, targetConsortiumId, idempotencyKey), municipalityCode: code, targetConsortiumId };
    const outcome = await this.run(input);
    return {
      moveId: input.moveId,
      moved: outcome.moved,
      municipality: await this.municipalities.get(code),
      carried: outcome.carried,
      from: { consortiumId: outcome.from, onboarding: outcome.source },
      to: { consortiumId: outcome.to, onboarding: outcome.target },
    };
  }

  /** Starts the move, or joins the one with this id (running or finished), and waits for its outcome. */
  private async run(input: MembershipMoveInput): Promise<MembershipMoveOutcome> {
    const workflowId = membershipMoveWorkflowId(input.moveId);
    try {
      await this.client.workflow.start<typeof membershipMove>(MEMBERSHIP_MOVE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE_ONBOARDING,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    const handle = this.client.workflow.getHandle<typeof membershipMove>(workflowId);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            tryAgainLater(
              `The move of municipality ${input.municipalityCode} is still under way (move ${input.moveId}). ` +
                'Repeat the request with the same Idempotency-Key to get its outcome.',
              MOVE_RETRY_AFTER_SECONDS,
            ),
          ),
        MOVE_WAIT_MS,
      );
    });
    try {
      return await Promise.race([handle.result(), timedOut]);
    } catch (err) {
      if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure) {
        const status = REFUSAL_STATUS[err.cause.type ?? ''] ?? conflict;
        return Promise.reject(status(err.cause.message));
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
