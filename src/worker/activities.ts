// The activities the worker registers, built from configuration and their outside systems.
import { HttpPopulationRegister } from '../../activities/population-register/http-adapter';
import { createEligibilityActivities } from '../../activities/eligibility/eligibility.activities';
import type { PrismaClient } from '../../generated/prisma/client';
import type { AppConfig } from '../config/config';

export function buildActivities(config: AppConfig, prisma: PrismaClient) {
  const register = new HttpPopulationRegister({ baseUrl: config.REGISTER_URL, timeoutMs: config.REGISTER_TIMEOUT_MS });
  return {
    onboardingActivities: {},
    eligibilityActivities: createEligibilityActivities({ register, prisma, auditSecret: config.AUDIT_HMAC_SECRET }),
  };
}
