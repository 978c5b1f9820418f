// The population register adapter: DVV's person query (HenkilonTunnusKysely) as a SOAP 1.1 envelope
// with X-Road 4.0 headers, POSTed to the organisation's security server (or the simulator), over
// mutual TLS when certificates are given. Connections are kept alive between queries.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import {
  RegisterAnswerError,
  RegisterConfigurationError,
  RegisterUnavailableError,
  type FindPersonOptions,
  type PopulationRegister,
  type RegisterPerson,
} from './port';
import {
  buildPersonQuery,
  MalformedXmlError,
  NS,
  PRODUCT,
  ProtocolError,
  readPersonAnswer,
  RETURN_CODE,
  X_ROAD_PROTOCOL_VERSION,
  type XRoadMember,
  type XRoadService,
} from './vtj-protocol';
import { child, childrenNamed, path, type XmlElement } from './xml';
import { timeoutSignal } from '../timeout-signal';

export interface VtjRegisterOptions {
  /** The full URL the envelope is POSTed to (the security server's, or the simulator's). */
  url: string;
  username: string;
  password: string;
  client: XRoadMember;
  service: XRoadService;
  /** xrd:userId */
  userId: string;
  /** Budget of one query, connecting and reading the answer included. */
  timeoutMs?: number;
  /** Mutual TLS to the security server: our certificate and key, and the CA that signed the server's. */
  tls?: { cert?: Buffer; key?: Buffer; ca?: Buffer };
  /** Where configuration faults are reported (error level, at most once per burst). */
  logger?: { error(fields: object, message: string): void };
  /** Loppukayttaja when the caller names none. */
  defaultEndUser?: string;
}

export const DEFAULT_REGISTER_TIMEOUT_MS = 800;
const MAX_ANSWER_BYTES = 1024 * 1024;
/** Configuration faults within this window after one was logged are counted, not logged again. */
const LOUD_LOG_WINDOW_MS = 60_000;

/**
 * Faults that say our configuration is wrong (asking again cannot help): a SOAP `Client` fault (the
 * request itself was refused, e.g. credentials) and X-Road's identifier and access faults.
 */
const CONFIGURATION_FAULT_PARTS = new Set([
  'Client',
  'AccessDenied',
  'UnknownMember',
  'UnknownService',
  'UnknownSubsystem',
  'InvalidClientIdentifier',
  'InvalidServiceIdentifier',
  'InvalidCredentials',
  'SslAuthenticationFailed',
  'InvalidProtocolVersion',
]);

/** TLS failures that are ours to fix (certificates), not the network's. */
const TLS_CONFIGURATION_CODES = /^(ERR_SSL_|ERR_TLS_CERT|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/;

export function isConfigurationFault(code: string): boolean {
  return code.split('.').some((part, index) => (index === 0 ? part === 'Client' : CONFIGURATION_FAULT_PARTS.has(part)));
}

export class VtjPopulationRegister implements PopulationRegister {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private lastLoudLogAt = -Infinity;
  private suppressed = 0;

  constructor(private readonly options: VtjRegisterOptions) {
    this.url = new URL(options.url);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS;
    this.agent =
      this.url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, ...options.tls })
        : new http.Agent({ keepAlive: true });
  }

  /** Closes kept-alive connections (tests, shutdown). */
  close(): void {
    this.agent.destroy();
  }

  async findPerson(personId: string, options: FindPersonOptions): Promise<RegisterPerson | null> {
    const product = options.withWards ? PRODUCT.guardianWithWards : PRODUCT.person;
    const queriedAt = new Date();
    const record = (returnCode: string | null, outcome: string) => options.onQuery?.({ queriedAt, product, returnCode, outcome });
    const envelope = buildPersonQuery({
      headers: {
        client: this.options.client,
        service: this.options.service,
        messageId: randomUUID(),
        userId: this.options.userId,
        protocolVersion: X_ROAD_PROTOCOL_VERSION,
      },
      body: {
        product,
        username: this.options.username,
        password: this.options.password,
        endUser: options.endUser ?? this.options.defaultEndUser ?? this.options.userId,
        personId,
      },
    });
    let returnCode: string | null = null;
    try {
      const answer = await this.exchange(envelope, options.signal);
      returnCode = answer.returnCode;
      const person = toRegisterPerson(answer.returnCode, answer.person, options);
      record(returnCode, outcomeOf(returnCode, person));
      return person;
    } catch (err) {
      record(returnCode, failureOutcome(err, options.signal));
      if (err instanceof RegisterConfigurationError) this.logLoudly(err);
      throw err;
    }
  }

  private async exchange(envelope: string, callerSignal: AbortSignal | undefined) {
    const timeout = timeoutSignal(this.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([timeout.signal, callerSignal]) : timeout.signal;
    let status: number;
    let text: string;
    try {
      ({ status, text } = await this.post(envelope, signal));
    } catch (err) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timeout.signal.aborted) {
        throw new RegisterUnavailableError(`the population register did not answer within ${this.timeoutMs} ms`, 'timeout');
      }
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && TLS_CONFIGURATION_CODES.test(code)) {
        throw new RegisterConfigurationError(`the TLS connection to the population register failed (${code}): check the certificates`);
      }
      throw new RegisterUnavailableError(
        `the population register could not be reached${typeof code === 'string' ? ` (${code})` : ''}`,
        'connection',
      );
    } finally {
      timeout.clear();
    }
    // A SOAP fault comes with HTTP 500; a proxy's 502/503/504 has no envelope.
    const isXml = text.trimStart().startsWith('<');
    if (status !== 200 && !(status === 500 && isXml)) {
      if (status === 401 || status === 403) {
        throw new RegisterConfigurationError(`the population register refused our client with HTTP ${status}`);
      }
      throw new RegisterUnavailableError(`the population register answered HTTP ${status}`, 'http');
    }
    let answer;
    try {
      answer = readPersonAnswer(text);
    } catch (err) {
      if (err instanceof MalformedXmlError || err instanceof ProtocolError) {
        throw new RegisterAnswerError(`the population register's answer is unusable: ${err.message}`);
      }
      throw err;
    }
    if (answer.kind === 'fault') {
      // Fault texts are the register's own: cut short, and never repeating our password should a
      // service echo the request (identity codes are scrubbed from every log line anyway).
      const text = this.options.password ? answer.text.split(this.options.password).join('[redacted]') : answer.text;
      const detail = `${answer.code.slice(0, 100)}: ${text.slice(0, 200)}`;
      if (isConfigurationFault(answer.code)) {
        throw new RegisterConfigurationError(`the population register refused the query as misconfigured (${detail})`);
      }
      throw new RegisterUnavailableError(`the population register answered a fault (${detail})`, 'http');
    }
    return answer;
  }

  private post(body: string, signal: AbortSignal): Promise<{ status: number; text: string }> {
    const transport = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          signal,
          headers: {
            'content-type': 'text/xml; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            SOAPAction: '""',
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) {
              response.destroy(new Error('the answer is too large'));
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  private logLoudly(err: RegisterConfigurationError): void {
    const now = Date.now();
    if (now - this.lastLoudLogAt < LOUD_LOG_WINDOW_MS) {
      this.suppressed++;
      return;
    }
    this.options.logger?.error(
      { event: 'register-misconfigured', reason: err.message, suppressedSinceLast: this.suppressed },
      'population register refuses our configuration: fix REGISTER_USERNAME/REGISTER_PASSWORD, XROAD_* or the TLS certificates',
    );
    this.lastLoudLogAt = now;
    this.suppressed = 0;
  }
}

function outcomeOf(returnCode: string, person: RegisterPerson | null): string {
  if (person === null) return returnCode === RETURN_CODE.DEACTIVATED ? 'deactivated' : 'not_found';
  if (person.deceased) return 'deceased';
  if (person.withheld) return 'withheld';
  return 'found';
}

function failureOutcome(err: unknown, signal: AbortSignal | undefined): string {
  if (err instanceof RegisterUnavailableError) return err.kind;
  if (err instanceof RegisterConfigurationError) return 'configuration';
  if (err instanceof RegisterAnswerError) return 'answer';
  return signal?.aborted ? 'cancelled' : 'error';
}

const text = (element: XmlElement | undefined, ...names: string[]) => path(element, NS.answer, ...names)?.text;

function toRegisterPerson(returnCode: string, henkilo: XmlElement | undefined, options: FindPersonOptions): RegisterPerson | null {
  const noWards = options.withWards ? [] : null;
  switch (returnCode) {
    case RETURN_CODE.NOT_FOUND:
    case RETURN_CODE.DEACTIVATED:
      return null;
    case RETURN_CODE.DEAD:
      return { deceased: true, nonDisclosure: text(henkilo, 'Turvakielto', 'TurvakieltoTieto') === '1', homeMunicipalityCode: null, withheld: false, wards: noWards };
    case RETURN_CODE.NOT_DISCLOSED:
      // The register withholds the person's data: as protected as a non-disclosure marking, and
      // with the permit still not a missing municipality.
      return { deceased: false, nonDisclosure: true, homeMunicipalityCode: null, withheld: true, wards: noWards };
    case RETURN_CODE.FOUND:
      return readPerson(henkilo, options);
    default: {
      // Only a well-formed code is repeated, so that nothing else from the answer reaches a log.
      const shown = /^\d{4}$/.test(returnCode) ? ` ${returnCode}` : '';
      throw new RegisterAnswerError(`the population register answered an unknown return code (Paluukoodi)${shown}`);
    }
  }
}

function readPerson(henkilo: XmlElement | undefined, options: FindPersonOptions): RegisterPerson {
  if (!henkilo) throw new RegisterAnswerError('the register answer 0000 has no Henkilo');
  const marking = text(henkilo, 'Turvakielto', 'TurvakieltoTieto') ?? '';
  // Empty or absent is how the register says "none" (products leave the element out). That cannot
  // expose protected data: DVV itself withholds a protected person's municipality from a caller
  // without the permit, and with the permit we may read it.
  if (marking !== '' && marking !== '0' && marking !== '1') throw new RegisterAnswerError('the register answer has an invalid TurvakieltoTieto');
  const nonDisclosure = marking === '1';
  const deceased = text(henkilo, 'Kuolintiedot', 'Kuollut') === '1';
  const municipality = child(henkilo, NS.answer, 'Kotikunta');
  const mayRead = !nonDisclosure || options.nonDisclosurePermit;
  return {
    deceased,
    nonDisclosure,
    homeMunicipalityCode: mayRead ? readMunicipality(text(municipality, 'Kuntanumero')) : null,
    // With the permit, a protected person's municipality left out is the register withholding it.
    withheld: nonDisclosure && options.nonDisclosurePermit && municipality === undefined,
    wards: options.withWards ? readWards(henkilo) : null,
  };
}

function readMunicipality(kuntanumero: string | undefined): string | null {
  if (kuntanumero === undefined || kuntanumero === '') return null;
  // Always three digits by the schema; a writer that dropped the leading zeros ("91") means the same.
  if (!/^\d{1,3}$/.test(kuntanumero)) throw new RegisterAnswerError('the register answer has a Kuntanumero that is not a 3-digit code');
  return kuntanumero.padStart(3, '0');
}

function readWards(henkilo: XmlElement): { personId: string }[] {
  return childrenNamed(henkilo, NS.answer, 'Huollettava').map((ward) => {
    const personId = text(ward, 'Henkilotunnus');
    if (!personId) throw new RegisterAnswerError('a ward (Huollettava) in the register answer has no Henkilotunnus');
    return { personId };
  });
}
