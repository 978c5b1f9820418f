import type { PrismaClient } from '../../generated/prisma/client';

/**
 * The joined municipalities as one snapshot per worker process: one query per TTL instead of one per
 * login. Staleness is one-sided and bounded: nothing ever un-joins a municipality, so the only stale
 * answer is "not joined yet". A go-live in this process calls `invalidate()`; one in any other process
 * reaches `invalidate()` through the database's notification (joined-listener.ts) within milliseconds;
 * while that listener is disconnected, the TTL is the bound.
 */
export class JoinedMunicipalities {
  private snapshot: { codes: Set<string>; loadedAt: number } | undefined;
  private loading: Promise<Set<string>> | undefined;
  /** Bumped by invalidate(): a load that started before it must not become the snapshot. */
  private generation = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlMs: number,
  ) {}

  invalidate(): void {
    this.snapshot = undefined;
    this.loading = undefined;
    this.generation++;
  }

  async isJoined(code: string): Promise<boolean> {
    const snapshot = this.snapshot;
    if (snapshot && Date.now() - snapshot.loadedAt < this.ttlMs) return snapshot.codes.has(code);
    return (await this.load()).has(code);
  }

  /** Single flight: concurrent checks after expiry share one query. */
  private load(): Promise<Set<string>> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const startedAt = Date.now();
    const loading = this.prisma.municipality
      .findMany({ where: { joined: true }, select: { code: true } })
      .then((rows) => new Set(rows.map((row) => row.code)));
    this.loading = loading;
    loading.then(
      (codes) => {
        if (this.generation === generation) this.snapshot = { codes, loadedAt: startedAt };
        if (this.loading === loading) this.loading = undefined;
      },
      () => {
        if (this.loading === loading) this.loading = undefined;
      },
    );
    return loading;
  }
}
