// A staff action's Idempotency-Key is bound to the request it first came with (route, target, body):
// the binding is a row in PostgreSQL whose primary key is the key's keyed hash, so two concurrent
// requests with the same key agree on one binding (the insert of one of them does nothing) and the
// one with another request gets 422. The update id sent to Temporal derives from the key alone.
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PrismaClient } from '../database/prisma';
import { keyedHash, keyReusedForDifferentRequest } from '../idempotency/request-fingerprint';

export interface StaffRequest {
  /** The update (one per route). */
  action: string;
  consortiumId: string;
  arg: unknown;
}

@Injectable()
export class StaffIdempotencyKeys {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The update id of the request under this key; 422 when the key was bound to another request. */
  async bind(idempotencyKey: string, request: StaffRequest): Promise<string> {
    const keyHash = keyedHash(this.config.AUDIT_HMAC_SECRET, 'staff-idempotency-key', idempotencyKey);
    const requestHash = keyedHash(this.config.AUDIT_HMAC_SECRET, 'staff-request', request);
    await this.prisma.staffIdempotencyKey.createMany({ data: [{ keyHash, requestHash }], skipDuplicates: true });
    const bound = await this.prisma.staffIdempotencyKey.findUnique({ where: { keyHash }, select: { requestHash: true } });
    if (bound?.requestHash !== requestHash) throw keyReusedForDifferentRequest();
    return `staff:${keyHash.slice(0, 48)}`;
  }
}
