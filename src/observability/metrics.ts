// Prometheus metrics (prom-client), one registry per process (never the global one: tests build many
// applications in one process). Label values come from closed sets or route templates only: never a
// raw URL, never anything a caller typed.
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import {
  ELIGIBILITY_REASONS,
  type EligibilityDecision,
} from '../../workflows/eligibility/contract';
import { routeTemplate } from './http-logging';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Seconds. Logins wait for the eligibility check; 2 s is its default budget. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];
const REGISTER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2];

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC): on by default. */
  defaultMetrics?: boolean;
  /** Labels on every metric, e.g. `{ service: 'api' }`. */
  defaultLabels?: Record<string, string>;
}

function newRegistry(options: MetricsOptions): Registry {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  return registry;
}

/** The API's metrics: HTTP latency and eligibility decisions. */
export class ApiMetrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly eligibilityDecisions: Counter<'decision' | 'reason'>;

  constructor(options: MetricsOptions = {}) {
    this.registry = newRegistry(options);
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests served by the API, by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.eligibilityDecisions = new Counter({
      name: 'ekirjasto_eligibility_decisions_total',
      help: 'Eligibility checks answered, by decision (ALLOW, DENY, UNAVAILABLE) and reason',
      labelNames: ['decision', 'reason'],
      registers: [this.registry],
    });
    // Known series start at 0, so that rate() and alerts see them before the first occurrence.
    for (const reason of ELIGIBILITY_REASONS) {
      const decision = reason === 'ELIGIBLE' ? 'ALLOW' : reason === 'REGISTER_UNAVAILABLE' ? 'UNAVAILABLE' : 'DENY';
      this.eligibilityDecisions.labels(decision, reason).inc(0);
    }
  }

  /** Counts one answered check. Call it with the result the API returns (any object with decision and reason). */
  recordEligibilityDecision(result: Pick<EligibilityDecision, 'decision' | 'reason'>): void {
    this.eligibilityDecisions.labels(result.decision, result.reason).inc();
  }

  /** Express middleware: times every request; install it before the body parser so that refused bodies count too. */
  httpMiddleware(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.once('finish', () => {
        end({
          method: HTTP_METHODS.has(req.method) ? req.method : 'OTHER',
          route: routeTemplate(req),
          status_code: String(res.statusCode),
        });
      });
      next();
    };
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** How a register query ended. */
export type RegisterOutcome = 'found' | 'not_found' | 'timeout' | 'http' | 'connection' | 'answer' | 'cancelled' | 'error';
/** Which VTJ product was asked: the basic person query, or the guardianship one (with wards). */
export type RegisterProduct = 'person' | 'guardian';

/** The worker's metrics: the population register as the eligibility activities see it. */
export class WorkerMetrics {
  readonly registry: Registry;
  readonly registerDuration: Histogram<'product' | 'outcome'>;
  readonly registerFailures: Counter<'kind'>;
  readonly registerAttempts: Counter<'attempt'>;

  constructor(options: MetricsOptions = {}) {
    this.registry = newRegistry(options);
    this.registerDuration = new Histogram({
      name: 'ekirjasto_register_request_duration_seconds',
      help: 'Population register queries, by product (person, guardian) and outcome',
      labelNames: ['product', 'outcome'],
      buckets: REGISTER_BUCKETS,
      registers: [this.registry],
    });
    this.registerFailures = new Counter({
      name: 'ekirjasto_register_failures_total',
      help: 'Failed population register queries, by kind: timeout, http (5xx/408/429), connection, answer (unusable), cancelled (budget spent), error (other)',
      labelNames: ['kind'],
      registers: [this.registry],
    });
    this.registerAttempts = new Counter({
      name: 'ekirjasto_register_attempts_total',
      help: 'Activity attempts that queried the register: attempt="first", or attempt="retry" (the activity was retried by Temporal)',
      labelNames: ['attempt'],
      registers: [this.registry],
    });
    for (const kind of ['timeout', 'http', 'connection', 'answer', 'cancelled', 'error']) this.registerFailures.labels(kind).inc(0);
    for (const attempt of ['first', 'retry']) this.registerAttempts.labels(attempt).inc(0);
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
