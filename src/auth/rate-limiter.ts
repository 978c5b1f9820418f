// Per-caller rate limits: a token bucket per (limit, caller) holding a minute's worth of requests and
// refilling continuously. In memory, per API process: with several API instances each enforces the
// limit on its own share (put the real ceiling in front of them, or divide the setting).
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AuthConfig } from './auth.config';
import type { RateLimitName } from './roles';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; limitPerMinute: number };

/** Past this many buckets, full (idle) ones are dropped: they hold no information. */
const PRUNE_ABOVE = 10_000;

@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limits: Record<RateLimitName, number>;

  /** The clock (tests replace it). */
  now: () => number = Date.now;

  constructor(@Inject(APP_CONFIG) config: AuthConfig) {
    this.limits = { eligibility: config.ELIGIBILITY_RATE_LIMIT_PER_MINUTE };
  }

  take(name: RateLimitName, caller: string): RateDecision {
    const perMinute = this.limits[name];
    if (!perMinute) return { allowed: true };
    const ratePerMs = perMinute / 60_000;
    const key = `${name}\0${caller}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, updatedAt: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * ratePerMs);
    bucket.updatedAt = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)), limitPerMinute: perMinute };
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const name = key.slice(0, key.indexOf('\0')) as RateLimitName;
      if (bucket.tokens + (now - bucket.updatedAt) * (this.limits[name] / 60_000) >= this.limits[name]) this.buckets.delete(key);
    }
  }
}
