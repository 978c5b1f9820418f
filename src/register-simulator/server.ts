// The population-register simulator's server: DVV's person query as SOAP 1.1 with X-Road 4.0
// headers on `POST /`, over plain HTTP or mutual TLS, plus its admin endpoints. Plain node:http(s),
// because it sits on the hot path of the login benchmark. It logs nothing per request, so identity
// codes never reach a log.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  buildPersonAnswer,
  buildSoapFault,
  MalformedXmlError,
  ProtocolError,
  readPersonQuery,
} from '../../activities/population-register/vtj-protocol';
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import { changeFaults, drawFault, FaultsError, NO_FAULTS, type Faults } from './faults';
import { indexPopulation, type Population } from './population';
import { readSampleQuery, samplePersons, SampleQueryError } from './sample';
import { answerPersonQuery, refusalOf, type SimulatorAccount } from './vtj-answer';

export interface RegisterSimulatorOptions {
  population: Population;
  faults?: Partial<Faults>;
  /** 0 (the default) picks a free port; read it back from `url`. */
  port?: number;
  host?: string;
  /** Decides which queries fail; seed it to make a fault pattern reproducible. */
  random?: () => number;
  /** The credentials and X-Road identifiers it accepts; anything else is refused with a SOAP fault. */
  account: SimulatorAccount;
  /** Serve HTTPS and require a client certificate signed by `ca` (mutual TLS, as a security server). */
  tls?: { cert: Buffer | string; key: Buffer | string; ca: Buffer | string };
}

/** Queries received, by product (SoSoNimi): what tests count to prove a query was or was not made. */
export interface QueryCounts {
  total: number;
  byProduct: Record<string, number>;
  refused: number;
}

export interface RegisterSimulator {
  url: string;
  personCount: number;
  faults(): Faults;
  setFaults(change: Partial<Faults>): Faults;
  queries(): QueryCounts;
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
  const counts: QueryCounts = { total: 0, byProduct: {}, refused: 0 };

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        pendingLatency.delete(timer);
        resolve();
      }, ms);
      pendingLatency.add(timer);
    });

  async function queryPerson(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const fate = drawFault(faults, random);
    if (fate === 'timeout') return; // the caller's own timeout is what is being tested
    if (faults.latencyMs > 0) await delay(faults.latencyMs);
    if (fate === 'error') return sendText(res, 503, 'text/plain; charset=utf-8', 'the population register is temporarily unavailable');
    let query: ReturnType<typeof readPersonQuery>;
    try {
      query = readPersonQuery(text);
    } catch (err) {
      if (!(err instanceof MalformedXmlError || err instanceof ProtocolError)) throw err;
      counts.refused++;
      return sendFault(res, 'Client', true, `Invalid request: ${err.message}`);
    }
    const refusal = refusalOf(query, options.account);
    if (refusal) {
      counts.refused++;
      return sendFault(res, refusal.code, refusal.soapNamespace, refusal.text);
    }
    counts.total++;
    counts.byProduct[query.body.product] = (counts.byProduct[query.body.product] ?? 0) + 1;
    switch (fate) {
      case 'soapFault':
        return sendFault(res, 'Server', true, 'VTJ service temporarily unavailable');
      case 'xroadFault':
        return sendFault(res, 'Server.ServerProxy.NetworkError', false, 'Network error while reaching the service provider');
      case 'configurationFault':
        return sendFault(res, 'Server.ServerProxy.AccessDenied', false, 'Request is not allowed');
      case 'malformed': {
        const answer = buildPersonAnswer(query, answerPersonQuery(undefined, query.body.product, options.account, lookup));
        return sendText(res, 200, SOAP_CONTENT_TYPE, answer.slice(0, Math.floor(answer.length / 2)));
      }
    }
    const answer = answerPersonQuery(persons.get(query.body.personId), query.body.product, options.account, lookup);
    sendText(res, 200, SOAP_CONTENT_TYPE, buildPersonAnswer(query, answer));
  }

  const lookup = (personId: string) => persons.get(personId);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const endpoint = `${req.method} ${url.pathname}`;
    switch (endpoint) {
      case 'POST /':
        return queryPerson(req, res);
      case 'GET /admin/queries':
        return sendJson(res, 200, counts);
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

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      // The messages of these errors are ours and free of identity codes; anything else stays unsaid.
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
      if (err instanceof FaultsError || err instanceof SampleQueryError) {
        return sendJson(res, 400, { error: err.message });
      }
      sendJson(res, 500, { error: 'internal error' });
    });
  };
  const server = options.tls
    ? createTlsServer({ ...options.tls, requestCert: true, rejectUnauthorized: true }, handler)
    : createServer(handler);
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
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
    personCount: persons.size,
    faults: () => faults,
    setFaults: (change) => (faults = changeFaults(faults, change)),
    queries: () => structuredClone(counts),
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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
}

const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** SOAP 1.1 faults travel with HTTP 500. */
function sendFault(res: ServerResponse, code: string, soapNamespace: boolean, text: string): void {
  sendText(res, 500, SOAP_CONTENT_TYPE, buildSoapFault(code, text, soapNamespace));
}

function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
