// Request logging (pino-http): one line per request with its id, method, route template, status and
// time. No bodies, no headers beyond a few harmless ones; secret headers show only that they were there.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp, HttpLogger, Options } from 'pino-http';
import { containsIdentityCode } from './identity-codes';
import { REDACTED, type Logger } from './logger';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller's request id may look like: letters, digits and `._:-`, at most 128 characters. */
const REQUEST_ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's `X-Request-Id` when well-formed (and not an identity code); else a new UUID. */
export function requestIdFor(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  if (given !== undefined && REQUEST_ID_SHAPE.test(given) && !containsIdentityCode(given)) return given;
  return randomUUID();
}

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; originalUrl?: string; id?: unknown };

/**
 * The route template that served the request (`/municipalities/:code/survey`), or `unmatched` (no
 * handler: an unknown path, or a body refused before routing). Express leaves `req.route` at the last
 * route that matched; for an unknown path that is the catch-all of Nest's module middleware
 * (`/{*path}`), which this API never uses for a handler, so wildcards count as unmatched.
 */
export function routeTemplate(req: IncomingMessage): string {
  const r = req as RoutedRequest;
  const path = r.route?.path;
  if (typeof path !== 'string' || path.includes('*')) return 'unmatched';
  return `${r.baseUrl ?? ''}${path}` || '/';
}

const LOGGED_HEADERS = ['user-agent', 'content-type', 'content-length', 'accept', 'x-forwarded-for'];
const PRESENCE_ONLY_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key'];

function requestSerializer(req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }) {
  const raw = (req.raw ?? req) as RoutedRequest;
  const headers: Record<string, unknown> = {};
  for (const h of LOGGED_HEADERS) if (raw.headers[h] !== undefined) headers[h] = raw.headers[h];
  for (const h of PRESENCE_ONLY_HEADERS) if (raw.headers[h] !== undefined) headers[h] = REDACTED;
  const url = raw.originalUrl ?? raw.url ?? '';
  return { id: req.id ?? raw.id, method: raw.method, path: url.split('?')[0], headers };
}

/** Paths scraped or probed every few seconds: not worth a line each (failures are logged by their handlers). */
export const QUIET_PATHS = ['/metrics', '/health/live', '/health/ready'];

export function createHttpLogger(logger: Logger, options: Partial<Options> = {}): HttpLogger {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdFor(req.headers[REQUEST_ID_HEADER]);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: requestSerializer,
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    wrapSerializers: false,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessObject: (req, _res, value) => ({ ...value, route: routeTemplate(req) }),
    // A 5xx answered by the problem filter has no error here: pino-http would invent one ("failed with
    // status code 500") with a stack of its own internals. The filter logs the real one.
    customErrorObject: (req, _res, err, value) => {
      const { err: _invented, ...rest } = value as Record<string, unknown>;
      return /^failed with status code \d+$/.test(err?.message ?? '') ? { ...rest, route: routeTemplate(req) } : { ...value, route: routeTemplate(req) };
    },
    customSuccessMessage: (req, res) => `${req.method} ${routeTemplate(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeTemplate(req)} ${res.statusCode}`,
    autoLogging: { ignore: (req) => QUIET_PATHS.includes((req.url ?? '').split('?')[0]) },
    ...options,
  });
}
