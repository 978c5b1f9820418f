// Starts the durable announcement of a joining round (workflows/onboarding/announcement.ts) under the
// round's id: once per round, whichever request gets it started.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import {
  joiningRoundAnnouncement,
  ROUND_ANNOUNCEMENT_WORKFLOW_TYPE,
  roundAnnouncementWorkflowId,
} from '../../workflows/onboarding/announcement';

@Injectable()
export class RoundAnnouncer {
  private readonly logger = new Logger(RoundAnnouncer.name);

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Idempotent: an announcement already started (running or done) for this round is left as it is. */
  async announce(roundId: string): Promise<void> {
    try {
      const handle = await this.client.workflow.start<typeof joiningRoundAnnouncement>(ROUND_ANNOUNCEMENT_WORKFLOW_TYPE, {
        workflowId: roundAnnouncementWorkflowId(roundId),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE_ONBOARDING,
        args: [],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      this.logger.log({ workflowId: handle.workflowId }, 'joining round announcement started');
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}
