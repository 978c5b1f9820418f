import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../database/prisma';
import { notFound } from '../http/problem';
import { containsIdentityCode } from '../observability/identity-codes';

export interface ConsortiumView {
  id: string;
  name: string;
  kind: string;
  municipalityCodes: string[];
}

export const CONSORTIUM_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

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
    if (!row) {
      // Echo only what looks like a consortium id: anything else may carry personal data.
      const named = CONSORTIUM_ID.test(id) && !containsIdentityCode(id) ? ` with id "${id}"` : ' with that id';
      throw notFound(`There is no library consortium${named}. GET /consortia lists them.`);
    }
    return { id: row.id, name: row.name, kind: row.kind, municipalityCodes: row.municipalities.map((m) => m.code) };
  }
}
