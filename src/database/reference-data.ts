// Reference data shipped with the project (see prisma/data/SOURCE.md for provenance).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project-root';

export const DATA_DIR = path.join(PROJECT_ROOT, 'prisma', 'data');

export interface MunicipalityRecord {
  code: string;
  nameFi: string;
  nameSv: string;
  population: number;
}

export interface ConsortiumRecord {
  id: string;
  name: string;
  kind: 'consortium' | 'standalone';
  municipalityCodes: string[];
}

interface TopoMunicipality {
  properties: { id: string; name_fi: string; name_sv: string; population: number };
}

/** All municipalities of the 2021 classification (309; no mergers until 2024), from the TopoJSON. */
export function loadMunicipalities(): MunicipalityRecord[] {
  const topo = JSON.parse(readFileSync(path.join(DATA_DIR, 'finland-municipalities-2021.topo.json'), 'utf8'));
  const geometries: TopoMunicipality[] = topo.objects.munis.geometries;
  return geometries
    .map(({ properties: p }) => ({ code: p.id, nameFi: p.name_fi, nameSv: p.name_sv, population: p.population }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * The library consortia (kimpat) of 2024. Every municipality missing from them becomes a consortium
 * of one, so that each municipality always has exactly one consortium to join through.
 */
export function loadConsortia(municipalities: MunicipalityRecord[]): ConsortiumRecord[] {
  const raw = JSON.parse(readFileSync(path.join(DATA_DIR, 'consortia-2024.json'), 'utf8'));
  const consortia: ConsortiumRecord[] = raw.consortia.map((c: ConsortiumRecord) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    municipalityCodes: [...c.municipalityCodes].sort(),
  }));
  const covered = new Set(consortia.flatMap((c) => c.municipalityCodes));
  for (const m of municipalities) {
    if (!covered.has(m.code)) {
      consortia.push({ id: `municipality-${m.code}`, name: m.nameFi, kind: 'standalone', municipalityCodes: [m.code] });
    }
  }
  return consortia;
}

/** The first joining round, from the National Library's letter: signed by 15 March, live by 23 April 2024. */
export const FIRST_JOINING_ROUND = {
  name: '2024-opening',
  signingDeadline: '2024-03-15',
  goLiveDate: '2024-04-23',
} as const;
