// The population-register simulator's HTTP server: plain node:http, because it sits on the hot path
// of the login benchmark. It logs nothing per request, so identity codes never reach a log.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import { changeFaults, drawFault, FaultsError, NO_FAULTS, type Faults } from './faults';
import { indexPopulation, type Population } from './population';
import { readSampleQuery, samplePersons, SampleQueryError } from './sample';
import { answerPersonQuery, PersonQueryError, readPersonQuery } from './vtj-answer';

export interface RegisterSimulatorOptions {
  population: Population;
  faults?: Partial<Faults>;
  /** 0 (the default) picks a free port; read it back from `url`. */
  port?: number;
  host?: string;
  /** Decides which queries fail; seed it to make a fault pattern reproducible. */
  random?: () => number;
}

export interface RegisterSimulator {
  url: string;
  personCount: number;
  faults(): Faults;
  setFaults(change: Partial<Faults>): Faults;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function createRegisterSimulator(options: RegisterSimulatorOptions): Promise<RegisterSimulator> {
  const persons = indexPopulation(options.population);
  const random = options.random ?? Math.random;
  let faults = changeFaults(NO_FAULTS, options.faults ?? {});
  const pendingLatency = new Set<NodeJS.Timeout>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        pendingLatency.delete(timer);
        resolve();
      }, ms);
      pendingLatency.add(timer);
    });

  async function queryPerson(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const fate = drawFault(faults, random);
    if (fate === 'timeout') return; // the caller's own timeout is what is being tested
    if (faults.latencyMs > 0) await delay(faults.latencyMs);
    if (fate === 'error') throw new HttpError(503, 'the population register is temporarily unavailable');
    const query = readPersonQuery(body);
    sendJson(res, 200, answerPersonQuery(persons.get(query.hetu), query));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const endpoint = `${req.method} ${url.pathname}`;
    switch (endpoint) {
      case 'POST /vtj/henkilo':
        return queryPerson(req, res);
      case 'GET /health':
        return sendJson(res, 200, { status: 'ok', persons: persons.size });
      case 'GET /admin/faults':
        return sendJson(res, 200, faults);
      case 'PUT /admin/faults':
        faults = changeFaults(faults, await readJsonBody(req));
        return sendJson(res, 200, faults);
      case 'GET /admin/population/sample': {
        const query = readSampleQuery(url.searchParams);
        const found = samplePersons(persons.values(), query, helsinkiDate(Date.now()));
        return sendJson(res, 200, { kind: query.kind, personIds: found.map((p) => p.personId), persons: found });
      }
      default:
        throw new HttpError(404, `no endpoint ${endpoint}`);
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      // The messages of these errors are ours and free of identity codes; anything else stays unsaid.
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
      if (err instanceof FaultsError || err instanceof PersonQueryError || err instanceof SampleQueryError) {
        return sendJson(res, 400, { error: err.message });
      }
      sendJson(res, 500, { error: 'internal error' });
    });
  });
  // Keep connections of a steady client (undici keeps them for 4 s by default) alive between queries.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    personCount: persons.size,
    faults: () => faults,
    setFaults: (change) => (faults = changeFaults(faults, change)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pendingLatency) clearTimeout(timer);
        pendingLatency.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        // Unanswered (timed-out) queries and idle keep-alive connections would hold close() open.
        server.closeAllConnections();
      }),
  };
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
