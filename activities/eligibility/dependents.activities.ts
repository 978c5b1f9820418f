// The local activity of a dependents lookup: the register's answers, the rules, the query audit.
import type { PrismaClient } from '../../generated/prisma/client';
import type { DependentsActivities } from '../../workflows/eligibility/dependents';
import { ageOn, helsinkiDate, parseIdentityCode } from '../../workflows/eligibility/identity-code';
import { decideEligibility } from '../../workflows/eligibility/rules';
import { gatherDependents } from '../population-register/dependents';
import type { IsMunicipalityLive } from '../population-register/eligibility-facts';
import type { PopulationRegister } from '../population-register/port';
import { budgetSignal } from './eligibility.activities';
import { DEFAULT_END_USER, RegisterQueryLog } from './register-query-audit';

export interface DependentsActivityDependencies {
  register: PopulationRegister;
  prisma: PrismaClient;
  auditSecret: string;
  isMunicipalityLive: IsMunicipalityLive;
}

export function createDependentsActivities(deps: DependentsActivityDependencies): DependentsActivities {
  return {
    async decideDependents(request, options, deadlineMs) {
      const budget = budgetSignal(deadlineMs);
      const log = new RegisterQueryLog(deps.prisma, deps.auditSecret, request.lookupId, request.endUser ?? DEFAULT_END_USER);
      const wards = await log
        .around((onQuery) =>
          gatherDependents(deps.register, deps.isMunicipalityLive, request.guardianId, { ...options, signal: budget.signal, endUser: log.endUser, onQuery }),
        )
        .finally(() => budget.clear());
      const now = Date.now();
      const today = helsinkiDate(now);
      const dependents = wards.map(({ personId, facts }) => {
        const identity = parseIdentityCode(personId);
        const age = identity.ok ? ageOn(identity.birthDate, today) : 0;
        return { personId, age, ...decideEligibility({ personId, guardianId: request.guardianId }, facts, today, options) };
      });
      return { lookupId: request.lookupId, checkedAt: new Date(now).toISOString(), status: 'OK', dependents };
    },
  };
}
