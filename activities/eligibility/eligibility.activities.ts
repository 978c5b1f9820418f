// The I/O of an eligibility check: the population register, the joined status in PostgreSQL, the audit.
import type { PrismaClient } from '../../generated/prisma/client';
import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import {
  auditEntryFor,
  BUDGET_EXHAUSTED,
  EligibilityActivities,
  EligibilityAnswer,
  EligibilityAuditEntry,
  EligibilityOutcome,
  EligibilityReason,
  type EligibilityOptions,
  type EligibilityRequest,
} from '../../workflows/eligibility/contract';
import { gatherEligibilityFacts, IsMunicipalityLive } from '../population-register/eligibility-facts';
import type { PopulationRegister } from '../population-register/port';
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import { decideEligibility, decisionFor } from '../../workflows/eligibility/rules';
import { hashIdentityCode } from './identity-hash';
import { DEFAULT_END_USER, RegisterQueryLog, type RegisterQueryRow } from './register-query-audit';
import type { JoinedMunicipalities } from './joined-municipalities';
import { sqlPool } from '../../src/database/prisma';
import { timeoutSignal, type TimeoutSignal } from '../timeout-signal';

export interface EligibilityActivityDependencies {
  register: PopulationRegister;
  prisma: PrismaClient;
  auditSecret: string;
  /** The joined-municipality cache; without it every check reads the database. */
  joinedMunicipalities?: JoinedMunicipalities;
}

/** Live = joined: the go-live activity sets it on the go-live day and nothing unsets it. */
export function municipalityLiveFromDatabase(prisma: PrismaClient, joined?: JoinedMunicipalities): IsMunicipalityLive {
  if (joined) return (code) => joined.isJoined(code);
  return async (code) => {
    const municipality = await prisma.municipality.findUnique({ where: { code }, select: { joined: true } });
    return municipality?.joined ?? false;
  };
}

export function createEligibilityActivities(deps: EligibilityActivityDependencies): EligibilityActivities {
  const isMunicipalityLive = municipalityLiveFromDatabase(deps.prisma, deps.joinedMunicipalities);
  const queryLog = (request: EligibilityRequest) =>
    new RegisterQueryLog(deps.prisma, deps.auditSecret, request.checkId, request.endUser ?? DEFAULT_END_USER);
  /** The register's facts; the queries made go to `log`, which the caller writes. */
  const gather = async (request: EligibilityRequest, options: EligibilityOptions, deadlineMs: number, log: RegisterQueryLog) => {
    const budget = budgetSignal(deadlineMs);
    try {
      return await gatherEligibilityFacts(deps.register, isMunicipalityLive, request, {
        ...options,
        signal: budget.signal,
        endUser: log.endUser,
        checkId: request.checkId,
        onQuery: log.listener,
      });
    } finally {
      budget.clear();
    }
  };

  const activities: EligibilityActivities = {
    async gatherEligibilityFacts(request, options, deadlineMs) {
      const log = queryLog(request);
      return log.around(() => gather(request, options, deadlineMs, log));
    },

    // Idempotent: a retried activity finds its row by the check id and leaves it as it is.
    async recordEligibilityAudit(entry: EligibilityAuditEntry): Promise<void> {
      await recordCheckAndQueries(sqlPool(deps.prisma), checkRow(deps.auditSecret, entry), []);
    },

    async decideAndRecordEligibility(request, options, deadlineMs) {
      const pool = sqlPool(deps.prisma);
      const earlier = await earlierCheck(pool, request);
      if (earlier) return earlier;
      const log = queryLog(request);
      // A failed attempt's queries are written before it fails; a decided check's together with it.
      const facts = await gather(request, options, deadlineMs, log).catch(async (err: unknown) => {
        await log.flush();
        throw err;
      });
      const now = Date.now();
      const decision = decideEligibility(request, facts, helsinkiDate(now), options);
      const checkedAt = new Date(now).toISOString();
      // The query rows and the check's row in one statement: one round trip, all or nothing. If it
      // fails, the attempt fails (and is retried), but the queries it made happened all the same.
      const queries = log.take();
      await recordCheckAndQueries(pool, checkRow(deps.auditSecret, auditEntryFor(request, decision, checkedAt)), queries).catch(async (err: unknown) => {
        await log.write(queries);
        throw err;
      });
      return { kind: 'decided', result: { ...decision, checkId: request.checkId, checkedAt }, repeated: false };
    },
  };
  return activities;
}

/**
 * The answer the audit already holds for this check id: a request sent again after its shard
 * continued as new (within one run the shard itself knows its checks). Read before the register is
 * asked, so that an id reused for another person's request never reaches the register.
 */
async function earlierCheck(pool: Pool, request: EligibilityRequest): Promise<EligibilityAnswer | undefined> {
  const { rows } = await pool.query<{ checkedAt: string; decision: EligibilityOutcome; reason: EligibilityReason; municipalityCode: string | null; requestHash: string | null }>(
    `SELECT to_char("checkedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "checkedAt", "decision", "reason", "municipalityCode", "requestHash" FROM "EligibilityAudit" WHERE "checkId" = $1`,
    [request.checkId],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.requestHash !== (request.requestHash ?? null)) return { kind: 'key-reused' };
  const decision = decisionFor(row.decision, row.reason, row.municipalityCode, request.guardianId !== undefined);
  return { kind: 'decided', result: { ...decision, checkId: request.checkId, checkedAt: row.checkedAt }, repeated: true };
}

type CheckRow = ReturnType<typeof checkRow>;

/** The workflow run the check was answered in: operators open it in the Temporal UI. */
function answeringRun(): { workflowId: string | null; runId: string | null } {
  const { workflowExecution } = Context.current().info;
  return { workflowId: workflowExecution?.workflowId ?? null, runId: workflowExecution?.runId ?? null };
}

function checkRow(auditSecret: string, entry: EligibilityAuditEntry) {
  return {
    ...answeringRun(),
    requestHash: entry.requestHash ?? null,
    checkId: entry.checkId,
    checkedAt: new Date(entry.checkedAt),
    decision: entry.decision,
    reason: entry.reason,
    municipalityCode: entry.municipalityCode ?? null,
    personHash: hashIdentityCode(auditSecret, entry.personId),
    guardianHash: entry.guardianId === undefined ? null : hashIdentityCode(auditSecret, entry.guardianId),
    caller: entry.caller ?? null,
  };
}

const CHECK_COLUMNS = '"checkId", "checkedAt", "decision", "reason", "municipalityCode", "personHash", "guardianHash", "caller", "requestHash", "workflowId", "runId"';
const QUERY_COLUMNS = '"id", "queriedAt", "product", "endUser", "checkId", "personHash", "returnCode", "outcome"';

/**
 * The check's audit row (kept as it is when the check id already has one: a retried attempt) and its
 * register queries' rows, in one SQL statement: a data-modifying WITH always runs to completion, so
 * both inserts happen or neither. Straight through pg (on Prisma's own pool): through Prisma the
 * statement cost the worker ~1 ms more CPU per check than the rest of the activity's I/O together
 * (issue #15). Times go as UTC ISO strings, as Prisma writes them: the columns have no time zone.
 */
async function recordCheckAndQueries(pool: Pool, check: CheckRow, queries: RegisterQueryRow[]): Promise<void> {
  const values: unknown[] = [];
  const row = (fields: unknown[]) => `(${fields.map((field) => `$${values.push(field)}`).join(', ')})`;
  const checkValues = row([check.checkId, check.checkedAt.toISOString(), check.decision, check.reason, check.municipalityCode, check.personHash, check.guardianHash, check.caller, check.requestHash, check.workflowId, check.runId]);
  const queryValues = queries.map((q) => row([randomUUID(), q.queriedAt.toISOString(), q.product, q.endUser, q.checkId, q.personHash, q.returnCode, q.outcome]));
  const checkInsert = `INSERT INTO "EligibilityAudit" (${CHECK_COLUMNS}) VALUES ${checkValues} ON CONFLICT ("checkId") DO NOTHING`;
  const statement = queries.length === 0 ? checkInsert : `WITH queries AS (INSERT INTO "RegisterQueryAudit" (${QUERY_COLUMNS}) VALUES ${queryValues.join(', ')}) ${checkInsert}`;
  await pool.query(statement, values);
}

/** Fails with BUDGET_EXHAUSTED once the deadline has passed; else a signal no attempt may outlive,
 * whatever the adapter's own timeout (to be cleared when the attempt is over). */
export function budgetSignal(deadlineMs: number): TimeoutSignal {
  const remainingMs = deadlineMs - Date.now();
  if (remainingMs <= 0) throw ApplicationFailure.nonRetryable('the time budget of the check is spent', BUDGET_EXHAUSTED);
  return timeoutSignal(remainingMs);
}
