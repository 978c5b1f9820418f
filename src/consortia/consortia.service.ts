import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../database/prisma';
import { notFound } from '../http/problem';

export interface ConsortiumView {
  id: string;
  name: string;
  kind: string;
  municipalityCodes: string[];
}

const CONSORTIUM_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

@Injectable()
export class ConsortiaService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async list(): Promise<ConsortiumView[]> {
    const rows = await this.prisma.consortium.findMany({
      include: { municipalities: { select: { code: true }, orderBy: { code: 'asc' } } },
      orderBy: { id: 'asc' },
    });
    return rows.map(({ id, name, kind, municipalities }) => ({ id, name, kind, municipalityCodes: municipalities.map((m) => m.code) }));
  }

  /** 404 with a readable message for an id that is not a consortium (malformed ids included: they name nothing). */
  async get(id: string): Promise<ConsortiumView> {
    const row = CONSORTIUM_ID.test(id)
      ? await this.prisma.consortium.findUnique({
          where: { id },
          include: { municipalities: { select: { code: true }, orderBy: { code: 'asc' } } },
        })
      : null;
    if (!row) throw notFound(`There is no library consortium with id "${id.slice(0, 64)}". GET /consortia lists them.`);
    return { id: row.id, name: row.name, kind: row.kind, municipalityCodes: row.municipalities.map((m) => m.code) };
  }
}
