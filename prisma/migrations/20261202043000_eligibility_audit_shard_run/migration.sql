-- Checks are answered by shard workflows (issue #15): the audit row keeps the request's keyed hash (the
-- idempotency of a check id across a shard's runs) and the run that answered it (for operators).
ALTER TABLE "EligibilityAudit" ADD COLUMN "requestHash" TEXT;
ALTER TABLE "EligibilityAudit" ADD COLUMN "workflowId" TEXT;
ALTER TABLE "EligibilityAudit" ADD COLUMN "runId" TEXT;
