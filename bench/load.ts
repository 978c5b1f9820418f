// Closed-loop load: `concurrency` callers, each sending its next request as soon as the previous one
// is answered, for `durationMs` (and at most `maxRequests`). Latencies are measured per request.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';

export interface Outcome {
  /** 'ok' = answered with the expected decision; 'mismatch' = answered, wrongly; 'unavailable' = 503
   * UNAVAILABLE (the register could not answer in the budget); 'error' = anything else. */
  kind: 'ok' | 'mismatch' | 'unavailable' | 'error';
  detail?: string;
}

export interface RunStats {
  concurrency: number;
  requests: number;
  ok: number;
  mismatches: number;
  unavailable: number;
  errors: number;
  non200: number;
  /** Answers by HTTP status other than 200 (401/403/429 would mean the bench's auth or the rate limit is wrong). */
  statuses: Record<string, number>;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** A few examples of what went wrong (no identity codes). */
  problems: string[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export class Recorder {
  readonly latencies: number[] = [];
  ok = 0;
  mismatches = 0;
  unavailable = 0;
  errors = 0;
  non200 = 0;
  readonly statuses: Record<string, number> = {};
  readonly problems: string[] = [];

  record(latencyMs: number, outcome: Outcome, status = 200): void {
    this.latencies.push(latencyMs);
    if (status !== 200) {
      this.non200++;
      this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    }
    if (outcome.kind === 'ok') this.ok++;
    else if (outcome.kind === 'mismatch') this.mismatches++;
    else if (outcome.kind === 'unavailable') this.unavailable++;
    else this.errors++;
    if (outcome.kind !== 'ok' && outcome.detail && this.problems.length < 5 && !this.problems.includes(outcome.detail)) {
      this.problems.push(outcome.detail);
    }
  }

  stats(concurrency: number, elapsedMs: number): RunStats {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const r = (x: number) => Math.round(x * 10) / 10;
    return {
      concurrency,
      requests: sorted.length,
      ok: this.ok,
      mismatches: this.mismatches,
      unavailable: this.unavailable,
      errors: this.errors,
      non200: this.non200,
      statuses: this.statuses,
      elapsedMs: Math.round(elapsedMs),
      perSecond: r((sorted.length * 1000) / elapsedMs),
      p50: r(percentile(sorted, 50)),
      p95: r(percentile(sorted, 95)),
      p99: r(percentile(sorted, 99)),
      max: r(sorted[sorted.length - 1] ?? NaN),
      problems: this.problems,
    };
  }
}

/** In-process closed loop around an async operation (the direct floor, the bare Temporal ceiling). */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  maxRequests: number,
  op: (seq: number) => Promise<Outcome>,
): Promise<RunStats> {
  const recorder = new Recorder();
  let seq = 0;
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && seq < maxRequests) {
        const mine = seq++;
        const t = performance.now();
        let outcome: Outcome;
        try {
          outcome = await op(mine);
        } catch (err) {
          outcome = { kind: 'error', detail: (err as Error)?.name + ': ' + String((err as Error)?.message).slice(0, 160) };
        }
        recorder.record(performance.now() - t, outcome);
      }
    }),
  );
  return recorder.stats(concurrency, performance.now() - started);
}

export interface HttpTarget {
  /** One or several API processes: the callers (connections) are spread evenly over them. */
  urls: string[];
  path: string;
  /** The body and headers of request number `seq`, and a key to find it again in the answer. */
  request(seq: number): { body: string; headers: Record<string, string>; key: string };
  /** The key the answer refers to (e.g. its checkId), or undefined when the answer has none. */
  keyOfAnswer(body: string): string | undefined;
  judge(key: string, status: number, body: string): Outcome;
}

/** HTTP closed loop with autocannon: one keep-alive connection per concurrent caller, spread over the
 * target's URLs (one autocannon per URL, as a load balancer would spread its clients). Requests are
 * matched to answers by a key echoed in the answer (autocannon shares request objects between its
 * connections, so per-connection context is not reliable for the first request). */
export async function autocannonLoop(
  target: HttpTarget,
  concurrency: number,
  durationMs: number,
  maxRequests: number,
  onLatency?: (key: string, ms: number) => void,
): Promise<RunStats & { autocannon: object }> {
  const recorder = new Recorder();
  const sentAt = new Map<string, number>();
  let seq = 0;
  const started = performance.now();
  const makeRequest = () => ({
    method: 'POST',
    path: target.path,
    setupRequest: (req: object) => {
      const { body, headers, key } = target.request(seq++);
      if (!sentAt.has(key)) sentAt.set(key, performance.now());
      return { ...req, body, headers: { 'content-type': 'application/json', ...headers } };
    },
    onResponse: (status: number, body: string) => {
      const now = performance.now();
      const key = target.keyOfAnswer(body);
      const t = key === undefined ? undefined : sentAt.get(key);
      if (key === undefined || t === undefined) {
        recorder.record(NaN, { kind: 'error', detail: `HTTP ${status} with no known check: ${body.slice(0, 120)}` }, status);
        return;
      }
      recorder.record(now - t, target.judge(key, status, body), status);
      onLatency?.(key, now - t);
    },
  });
  const { urls } = target;
  const share = (total: number, i: number) => Math.floor(total / urls.length) + (i < total % urls.length ? 1 : 0);
  const results = await Promise.all(
    urls
      .map((url, i) => ({ url, connections: share(concurrency, i), requests: share(maxRequests, i) }))
      .filter((part) => part.connections > 0)
      .map((part) =>
        autocannon({
          url: part.url,
          connections: part.connections,
          duration: durationMs / 1000,
          maxOverallRequests: Math.max(part.connections, part.requests),
          timeout: 10,
          requests: [makeRequest() as never],
          // Each connection gets request objects of its own (autocannon shares them otherwise).
          setupClient: (client: { setRequests(r: unknown[]): void }) => client.setRequests([makeRequest()]),
        } as unknown as autocannon.Options),
      ),
  );
  const elapsed = performance.now() - started;
  const stats = recorder.stats(concurrency, elapsed);
  for (const result of results) stats.errors += result.errors; // connection errors and timeouts never reach onResponse
  return {
    ...stats,
    // Latencies of NaN (answers we could not match) sort last; recompute without them.
    ...latencyOf(recorder.latencies.filter((x) => !Number.isNaN(x))),
    autocannon: results.map(({ requests, latency, errors, timeouts, non2xx }) => ({ requestsPerSecond: requests.average, p50: latency.p50, p97_5: latency.p97_5, p99: latency.p99, errors, timeouts, non2xx })),
  };
}

function latencyOf(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(percentile(sorted, 50)), p95: r(percentile(sorted, 95)), p99: r(percentile(sorted, 99)), max: r(sorted[sorted.length - 1] ?? NaN) };
}
