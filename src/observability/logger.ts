// Structured JSON logs (pino) for the API and the worker. Three layers keep identity codes and secrets
// out: nothing logs request bodies; known fields and headers are redacted; and every serialised line
// passes through a scrubber that replaces anything shaped like an identity code (identity-codes.ts).
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { scrubString } from './identity-codes';
import type { ObservabilityConfig } from './observability-config';

export type { Logger } from 'pino';

export const REDACTED = '[redacted]';

const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key'];
const PERSONAL_FIELDS = ['personId', 'guardianId', 'wardIds', 'hetu', 'Henkilotunnus'];
const SECRET_FIELDS = ['password', 'token', 'accessToken', 'apiKey', 'secret', 'AUDIT_HMAC_SECRET', 'TEMPORAL_API_KEY', 'SMTP_URL', 'REGISTER_PASSWORD'];

const header = (h: string) => (/^[A-Za-z_$][\w$]*$/.test(h) ? `.${h}` : `["${h}"]`);

/** pino `redact` paths: secret headers wherever a `headers` object is logged, bodies, and the person fields. */
export const REDACT_PATHS: string[] = [
  ...SECRET_HEADERS.flatMap((h) => [`headers${header(h)}`, `*.headers${header(h)}`, `*.*.headers${header(h)}`]),
  // Request bodies are never logged; should one be attached to a logged object (body-parser errors carry
  // the raw body), it is replaced.
  'body',
  '*.body',
  'rawBody',
  '*.rawBody',
  ...[...PERSONAL_FIELDS, ...SECRET_FIELDS].flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
];

/** The scrubbing stage in front of the real destination: every line pino writes passes through here. */
export function scrubbingDestination(destination: DestinationStream): DestinationStream {
  const target = destination as DestinationStream & {
    flush?: (cb?: (err?: Error | null) => void) => void;
    flushSync?: () => void;
    end?: () => void;
  };
  return {
    write: (line: string) => target.write(scrubString(line)),
    ...(target.flush && { flush: (cb?: (err?: Error | null) => void) => target.flush!(cb) }),
    ...(target.flushSync && { flushSync: () => target.flushSync!() }),
    ...(target.end && { end: () => target.end!() }),
  } as DestinationStream;
}

export interface CreateLoggerOptions {
  /** Where lines go (before scrubbing); stdout by default. Tests pass a memory stream. */
  destination?: DestinationStream;
  /** `service` field of every line: `api`, `worker`, … */
  service?: string;
}

/** The pino options shared by every logger of this project (without the destination). */
export function loggerOptions(config: Pick<ObservabilityConfig, 'LOG_LEVEL'>, service?: string): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    base: { service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  };
}

function defaultDestination(format: ObservabilityConfig['LOG_FORMAT'] | undefined): DestinationStream {
  if (format === 'pretty') {
    try {
      // A dev dependency: in a production image it is absent and the logs stay JSON.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pretty = require('pino-pretty') as (options: object) => DestinationStream;
      return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
    } catch {
      // fall through to JSON
    }
  }
  return pino.destination({ dest: 1, sync: true });
}

/** A logger whose every line is redacted and scrubbed. */
export function createLogger(
  config: Pick<ObservabilityConfig, 'LOG_LEVEL'> & Partial<Pick<ObservabilityConfig, 'LOG_FORMAT'>>,
  options: CreateLoggerOptions = {},
): Logger {
  const destination = options.destination ?? defaultDestination(config.LOG_FORMAT);
  return pino(loggerOptions(config, options.service), scrubbingDestination(destination));
}

/** A destination that keeps every line in memory: for tests, and for proving what was (not) logged. */
export class MemoryDestination extends Writable {
  readonly lines: string[] = [];

  constructor() {
    super({ decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    for (const line of chunk.toString().split('\n')) if (line) this.lines.push(line);
    callback();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line));
  }
}
