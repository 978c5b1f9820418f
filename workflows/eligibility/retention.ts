// Audit retention (DVV's terms: register queries are logged and kept five years, then deleted): a
// Temporal Schedule starts this workflow daily; it deletes rows older than the retention in batches,
// so that no single transaction holds the audit tables long. Operators see and pause it in the UI.
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';

export const AUDIT_RETENTION_WORKFLOW_TYPE = 'auditRetention';
export const AUDIT_RETENTION_SCHEDULE_ID = 'audit-retention';

export interface AuditRetentionInput {
  /** Rows older than this many milliseconds before the run are deleted. */
  retentionMs: number;
  /** Rows per delete. */
  batchSize: number;
  /** Deleted so far by earlier runs of this chain (continue-as-new). */
  deletedBefore?: number;
}

export interface AuditRetentionActivities {
  /** Deletes at most `limit` audit rows older than `cutoff` (ISO 8601) and says how many it deleted. */
  deleteAuditRowsBefore(cutoff: string, limit: number): Promise<number>;
}

const { deleteAuditRowsBefore } = proxyActivities<AuditRetentionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Batches per run before continuing as new, to keep the history short. */
const BATCHES_PER_RUN = 500;

export async function auditRetention(input: AuditRetentionInput): Promise<{ deleted: number; cutoff: string }> {
  // The cutoff is fixed by the run's start: rows that age during the run wait for tomorrow.
  const cutoff = new Date(workflowInfo().runStartTime.getTime() - input.retentionMs).toISOString();
  let deleted = input.deletedBefore ?? 0;
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const count = await deleteAuditRowsBefore(cutoff, input.batchSize);
    deleted += count;
    if (count < input.batchSize) return { deleted, cutoff };
  }
  return continueAsNew<typeof auditRetention>({ ...input, deletedBefore: deleted });
}
