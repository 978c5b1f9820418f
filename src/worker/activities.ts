// The activities the worker registers, built from configuration and their outside systems.
import { createPopulationRegister } from '../../activities/population-register/from-config';
import { createAuditRetentionActivities } from '../../activities/eligibility/audit-retention';
import { createDependentsActivities } from '../../activities/eligibility/dependents.activities';
import { createEligibilityActivities, municipalityLiveFromDatabase } from '../../activities/eligibility/eligibility.activities';
import { JoinedMunicipalities } from '../../activities/eligibility/joined-municipalities';
import { Client, type ConnectionLike } from '@temporalio/client';
import { createOnboardingActivities } from '../../activities/onboarding';
import { createMembershipActivities } from '../../activities/onboarding/membership';
import { createRoundAnnouncementActivities } from '../../activities/onboarding/round-announcement';
import { createDataConverter } from '../codec/data-converter';
import type { PrismaClient } from '../../generated/prisma/client';
import type { AppConfig } from '../config/config';
import type { Logger } from '../observability/logger';
import type { WorkerMetrics } from '../observability/metrics';
import { instrumentRegister } from '../observability/register-instrumentation';

export function buildActivities(
  config: AppConfig,
  prisma: PrismaClient,
  observability?: { metrics: WorkerMetrics; logger?: Logger },
  /** The worker's Temporal connection: membership moves and round announcements reach onboardings through it. */
  temporal?: ConnectionLike,
) {
  const vtj = createPopulationRegister(config, observability?.logger);
  const register = observability ? instrumentRegister(vtj, observability.metrics, observability.logger) : vtj;
  const joinedMunicipalities =
    config.JOINED_CACHE_TTL_MS > 0 ? new JoinedMunicipalities(prisma, config.JOINED_CACHE_TTL_MS) : undefined;
  const client = temporal && new Client({ connection: temporal, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(config) });
  return {
    joinedMunicipalities,
    onboardingActivities: {
      ...createOnboardingActivities({
        prisma,
        config,
        staffAddress: config.ONBOARDING_STAFF_EMAIL,
        onJoined: () => joinedMunicipalities?.invalidate(),
      }),
      ...(client ? { ...createMembershipActivities({ prisma, client }), ...createRoundAnnouncementActivities(client) } : {}),
    },
    eligibilityActivities: {
      ...createEligibilityActivities({
        register,
        prisma,
        auditSecret: config.AUDIT_HMAC_SECRET,
        joinedMunicipalities,
      }),
      ...createAuditRetentionActivities(prisma),
      ...createDependentsActivities({
        register,
        prisma,
        auditSecret: config.AUDIT_HMAC_SECRET,
        isMunicipalityLive: municipalityLiveFromDatabase(prisma, joinedMunicipalities),
      }),
    },
  };
}
