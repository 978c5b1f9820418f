// What a load balancer (or the login service) in front of several API processes does: spread requests
// round robin, and when one gets no HTTP answer at all (the process died: connection refused or reset,
// or no answer in time), send the same request, same Idempotency-Key, to another API, and avoid the
// one that failed for a while. With the key, a retry is the same check, never a second one.

export interface FailoverAnswer {
  status: number;
  body: string;
  /** Requests sent for this answer: 1 when the first API answered. */
  attempts: number;
}

export class LostRequestError extends Error {
  constructor(readonly attempts: number, readonly causes: string[]) {
    super(`no API answered in ${attempts} attempts: ${causes.join('; ')}`);
    this.name = 'LostRequestError';
  }
}

export interface ApiPoolOptions {
  /** How long an API that gave no answer is left out of the rotation. */
  avoidForMs?: number;
  /** Per attempt; above the API's own wait for a check (budget + margin). */
  timeoutMs?: number;
  maxAttempts?: number;
}

export class ApiPool {
  private next = 0;
  private readonly avoidUntil = new Map<string, number>();
  /** Requests that got no answer from one API and were sent again to another. */
  retried = 0;

  constructor(
    readonly urls: string[],
    private readonly options: ApiPoolOptions = {},
  ) {
    if (urls.length === 0) throw new Error('ApiPool needs at least one API URL');
  }

  /** The next API in turn that is not being avoided (or, when all are, the next in turn). */
  private pick(): string {
    const now = Date.now();
    for (let i = 0; i < this.urls.length; i++) {
      const url = this.urls[this.next++ % this.urls.length];
      if ((this.avoidUntil.get(url) ?? 0) <= now) return url;
    }
    return this.urls[this.next++ % this.urls.length];
  }

  /** POSTs `body` (JSON) to `path` until some API answers; `headers` should carry an Idempotency-Key. */
  async post(path: string, body: string, headers: Record<string, string>): Promise<FailoverAnswer> {
    const { avoidForMs = 2000, timeoutMs = 35_000, maxAttempts = 5 } = this.options;
    const causes: string[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const url = this.pick();
      try {
        const res = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        return { status: res.status, body: await res.text(), attempts: attempt };
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        causes.push(`${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
        this.avoidUntil.set(url, Date.now() + avoidForMs);
        if (attempt < maxAttempts) this.retried++;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
    throw new LostRequestError(maxAttempts, causes);
  }
}
