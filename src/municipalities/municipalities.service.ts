import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../database/prisma';
import { badRequest, notFound } from '../http/problem';

export interface MunicipalityView {
  code: string;
  nameFi: string;
  nameSv: string;
  population: number;
  consortiumId: string;
  joined: boolean;
  joinedAt: string | null;
}

export const MUNICIPALITY_CODE = /^[0-9]{3}$/;

/** Statistics Finland municipality codes are exactly three digits (`091` Helsinki). */
export function assertMunicipalityCode(code: string): void {
  if (!MUNICIPALITY_CODE.test(code)) {
    throw badRequest('A municipality code is three digits, e.g. 091 for Helsinki.', [
      { field: 'code', problem: 'must be three digits' },
    ]);
  }
}

type MunicipalityRow = Omit<MunicipalityView, 'joinedAt'> & { joinedAt: Date | null };

export function toMunicipalityView(m: MunicipalityRow): MunicipalityView {
  const { code, nameFi, nameSv, population, consortiumId, joined } = m;
  return { code, nameFi, nameSv, population, consortiumId, joined, joinedAt: m.joinedAt?.toISOString().slice(0, 10) ?? null };
}

@Injectable()
export class MunicipalitiesService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async list(filter: { joined?: boolean }): Promise<MunicipalityView[]> {
    const rows = await this.prisma.municipality.findMany({
      where: filter.joined === undefined ? {} : { joined: filter.joined },
      orderBy: { code: 'asc' },
    });
    return rows.map(toMunicipalityView);
  }

  async get(code: string): Promise<MunicipalityView> {
    assertMunicipalityCode(code);
    const row = await this.prisma.municipality.findUnique({ where: { code } });
    if (!row) throw notFound(`There is no municipality with code ${code}.`);
    return toMunicipalityView(row);
  }
}
