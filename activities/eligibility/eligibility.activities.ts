// The I/O of an eligibility check: the population register, the joined status in PostgreSQL, the audit.
import type { PrismaClient } from '../../generated/prisma/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  auditEntryFor,
  BUDGET_EXHAUSTED,
  EligibilityActivities,
  EligibilityAuditEntry,
  type EligibilityOptions,
  type EligibilityRequest,
} from '../../workflows/eligibility/contract';
import { gatherEligibilityFacts, IsMunicipalityLive } from '../population-register/eligibility-facts';
import type { PopulationRegister } from '../population-register/port';
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import { decideEligibility } from '../../workflows/eligibility/rules';
import { hashIdentityCode } from './identity-hash';
import { DEFAULT_END_USER, RegisterQueryLog } from './register-query-audit';
import type { JoinedMunicipalities } from './joined-municipalities';

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
  const gather = (request: EligibilityRequest, options: EligibilityOptions, deadlineMs: number, log: RegisterQueryLog) =>
    gatherEligibilityFacts(deps.register, isMunicipalityLive, request, {
      ...options,
      signal: budgetSignal(deadlineMs),
      endUser: log.endUser,
      onQuery: log.listener,
    });

  const activities: EligibilityActivities = {
    async gatherEligibilityFacts(request, options, deadlineMs) {
      const log = queryLog(request);
      return log.around(() => gather(request, options, deadlineMs, log));
    },

    // Idempotent: a retried activity finds its row by the check id and leaves it as it is.
    async recordEligibilityAudit(entry: EligibilityAuditEntry): Promise<void> {
      await deps.prisma.eligibilityAudit.createMany({
        data: [
          {
            checkId: entry.checkId,
            checkedAt: new Date(entry.checkedAt),
            decision: entry.decision,
            reason: entry.reason,
            municipalityCode: entry.municipalityCode,
            personHash: hashIdentityCode(deps.auditSecret, entry.personId),
            guardianHash: entry.guardianId === undefined ? null : hashIdentityCode(deps.auditSecret, entry.guardianId),
            caller: entry.caller ?? null,
          },
        ],
        skipDuplicates: true,
      });
    },

    async decideAndRecordEligibility(request, options, deadlineMs) {
      const log = queryLog(request);
      // A failed attempt's queries are written before it fails; a decided check's together with it.
      const facts = await gather(request, options, deadlineMs, log).catch(async (err: unknown) => {
        await log.flush();
        throw err;
      });
      const now = Date.now();
      const decision = decideEligibility(request, facts, helsinkiDate(now), options);
      const checkedAt = new Date(now).toISOString();
      // The query rows and the check's row at once: one database round trip less per login.
      await Promise.all([log.flush(), activities.recordEligibilityAudit(auditEntryFor(request, decision, checkedAt))]);
      return { ...decision, checkId: request.checkId, checkedAt };
    },
  };
  return activities;
}

/** Fails with BUDGET_EXHAUSTED once the deadline has passed; else a signal no attempt may outlive,
 * whatever the adapter's own timeout. */
export function budgetSignal(deadlineMs: number): AbortSignal {
  const remainingMs = deadlineMs - Date.now();
  if (remainingMs <= 0) throw ApplicationFailure.nonRetryable('the time budget of the check is spent', BUDGET_EXHAUSTED);
  return AbortSignal.timeout(remainingMs);
}
