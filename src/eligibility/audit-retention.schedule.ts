// Makes sure the audit retention Schedule exists, at API start-up: created once, its retention brought
// up to date when AUDIT_RETENTION changes, left alone otherwise (operators may pause it in the UI).
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { retentionToMs } from '../config/register.config';
import {
  AUDIT_RETENTION_SCHEDULE_ID,
  AUDIT_RETENTION_WORKFLOW_TYPE,
  type AuditRetentionInput,
  type auditRetention,
} from '../../workflows/eligibility/retention';

const BATCH_SIZE = 1000;
const ATTEMPTS = 10;
const RETRY_DELAY_MS = 3000;

/** Idempotent: creates the Schedule, or updates its input when the retention differs. */
export async function ensureAuditRetentionSchedule(client: Client, config: Pick<AppConfig, 'AUDIT_RETENTION' | 'TEMPORAL_TASK_QUEUE_ELIGIBILITY'>): Promise<'created' | 'updated' | 'unchanged'> {
  const input: AuditRetentionInput = { retentionMs: retentionToMs(config.AUDIT_RETENTION), batchSize: BATCH_SIZE };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: AUDIT_RETENTION_WORKFLOW_TYPE,
    workflowId: `${AUDIT_RETENTION_SCHEDULE_ID}-run`,
    taskQueue: config.TEMPORAL_TASK_QUEUE_ELIGIBILITY,
    args: [input] as Parameters<typeof auditRetention>,
  };
  try {
    await client.schedule.create({
      scheduleId: AUDIT_RETENTION_SCHEDULE_ID,
      // Nightly, when logins are few.
      spec: { calendars: [{ hour: 3, minute: 30 }], timezone: 'Europe/Helsinki' },
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { purpose: `Deletes register-query audit rows older than ${config.AUDIT_RETENTION} (DVV terms of use)` },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(AUDIT_RETENTION_SCHEDULE_ID);
  const current = await handle.describe();
  const currentInput = current.action.type === 'startWorkflow' ? (current.action.args?.[0] as AuditRetentionInput | undefined) : undefined;
  if (currentInput?.retentionMs === input.retentionMs && currentInput.batchSize === input.batchSize) return 'unchanged';
  await handle.update((previous) => ({ ...previous, action }));
  return 'updated';
}

@Injectable()
export class AuditRetentionSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditRetentionSchedule.name);
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** In the background: the API starts while Temporal may still be coming up. */
  onApplicationBootstrap(): void {
    void this.attempt(1);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async attempt(n: number): Promise<void> {
    if (this.stopped) return;
    try {
      const outcome = await ensureAuditRetentionSchedule(this.client, this.config);
      this.logger.log({ scheduleId: AUDIT_RETENTION_SCHEDULE_ID, outcome, retention: this.config.AUDIT_RETENTION }, 'audit retention schedule in place');
    } catch (err) {
      if (this.stopped) return;
      const reason = err instanceof Error ? err.message : String(err);
      if (n >= ATTEMPTS) {
        this.logger.error({ scheduleId: AUDIT_RETENTION_SCHEDULE_ID, reason }, 'could not create the audit retention schedule');
        return;
      }
      this.timer = setTimeout(() => void this.attempt(n + 1), RETRY_DELAY_MS);
      this.timer.unref();
    }
  }
}
