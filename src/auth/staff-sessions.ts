// Staff sessions in PostgreSQL: the browser holds a random value, the database its SHA-256 (a leaked
// table opens no session). Expired rows are refused and swept on the way.
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PrismaClient } from '../database/prisma';
import { ttlToSeconds } from './auth.config';
import { type Principal, type Role, ROLES } from './roles';

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

export interface NewSession {
  subject: string;
  name: string;
  email?: string;
  roles: Role[];
  idToken: string;
}

@Injectable()
export class StaffSessions {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return ttlToSeconds(this.config.STAFF_SESSION_TTL);
  }

  /** The cookie value of a new session. */
  async create(session: NewSession): Promise<string> {
    const value = randomToken();
    await this.prisma.staffSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await this.prisma.staffSession.create({
      data: { id: hash(value), ...session, csrfToken: randomToken(), expiresAt: new Date(Date.now() + this.ttlSeconds * 1000) },
    });
    return value;
  }

  /** The signed-in person, or undefined for an unknown or expired session. */
  async principal(cookieValue: string): Promise<Principal | undefined> {
    const row = await this.prisma.staffSession.findUnique({ where: { id: hash(cookieValue) } });
    if (!row || row.expiresAt <= new Date()) return undefined;
    const roles = row.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    return {
      subject: row.subject,
      name: row.name,
      roles,
      via: 'session',
      expiresAt: Math.floor(row.expiresAt.getTime() / 1000),
      session: { id: row.id, csrfToken: row.csrfToken },
    };
  }

  /** Ends the session; returns its ID token (the provider's sign-out wants it as a hint). */
  async end(sessionId: string): Promise<string | undefined> {
    const rows = await this.prisma.staffSession.findMany({ where: { id: sessionId }, select: { idToken: true } });
    await this.prisma.staffSession.deleteMany({ where: { id: sessionId } });
    return rows[0]?.idToken;
  }
}
