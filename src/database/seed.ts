import type { PrismaClient } from '../../generated/prisma/client';
import { FIRST_JOINING_ROUND, loadConsortia, loadMunicipalities } from './reference-data';

export interface SeedSummary {
  municipalities: number;
  consortia: number;
  joiningRounds: number;
}

/**
 * Inserts what is missing and changes nothing that exists: staff may have corrected memberships,
 * and only a go-live ever marks a municipality joined.
 */
export async function seedReferenceData(prisma: PrismaClient): Promise<SeedSummary> {
  const municipalities = loadMunicipalities();
  const consortia = loadConsortia(municipalities);
  const consortiumOf = new Map(consortia.flatMap((c) => c.municipalityCodes.map((code) => [code, c.id] as const)));

  await prisma.$transaction([
    prisma.consortium.createMany({
      data: consortia.map(({ id, name, kind }) => ({ id, name, kind })),
      skipDuplicates: true,
    }),
    prisma.municipality.createMany({
      data: municipalities.map((m) => ({ ...m, consortiumId: consortiumOf.get(m.code)! })),
      skipDuplicates: true,
    }),
    prisma.joiningRound.createMany({
      data: [
        {
          name: FIRST_JOINING_ROUND.name,
          signingDeadline: new Date(`${FIRST_JOINING_ROUND.signingDeadline}T00:00:00Z`),
          goLiveDate: new Date(`${FIRST_JOINING_ROUND.goLiveDate}T00:00:00Z`),
        },
      ],
      skipDuplicates: true,
    }),
  ]);
  const [m, c, r] = await Promise.all([
    prisma.municipality.count(),
    prisma.consortium.count(),
    prisma.joiningRound.count(),
  ]);
  return { municipalities: m, consortia: c, joiningRounds: r };
}
