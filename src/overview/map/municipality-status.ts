// What the map says about each municipality: its phase (its consortium's onboarding) and whether it
// has joined (PostgreSQL), with the names a title needs.
import type { OverviewInputs } from '../model';
import type { OverviewPhase } from '../phases';
import { phaseByConsortium } from '../stats';

export interface MunicipalityStatus {
  code: string;
  nameFi: string;
  nameSv: string;
  consortiumName: string;
  phase: OverviewPhase;
  joinedAt: string | null;
}

export function municipalityStatuses(inputs: OverviewInputs): Map<string, MunicipalityStatus> {
  const phaseOf = phaseByConsortium(inputs.onboardings);
  const names = new Map(inputs.consortia.map((c) => [c.id, c.name]));
  return new Map(
    inputs.municipalities.map((m) => [
      m.code,
      {
        code: m.code,
        nameFi: m.nameFi,
        nameSv: m.nameSv,
        consortiumName: names.get(m.consortiumId) ?? m.consortiumId,
        phase: phaseOf(m.consortiumId),
        joinedAt: m.joined ? m.joinedAt : null,
      },
    ]),
  );
}
