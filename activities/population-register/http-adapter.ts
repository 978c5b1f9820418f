// The only place that knows the register simulator's wire format: a JSON rendering of the VTJ person
// query (HenkilonTunnusKysely → VTJHenkiloVastaussanoma), POSTed so that identity codes never appear
// in URLs. Node's global fetch (undici) keeps connections alive between queries.
import {
  RegisterAnswerError,
  RegisterUnavailableError,
  type FindPersonOptions,
  type PopulationRegister,
  type RegisterPerson,
} from './port';

export interface HttpPopulationRegisterOptions {
  /** e.g. http://127.0.0.1:4010 */
  baseUrl: string;
  /** Budget of one query, connecting and reading the answer included. */
  timeoutMs?: number;
}

export const DEFAULT_REGISTER_TIMEOUT_MS = 800;

/** Paluukoodi: the register's return code. */
const RETURN_CODE = {
  FOUND: '0000',
  NOT_FOUND: '0001',
  DEACTIVATED: '0002',
  DEAD: '0007',
  NOT_DISCLOSED: '0019',
} as const;

interface VtjAnswer {
  Paluukoodi?: unknown;
  Henkilo?: {
    Kotikunta?: { Kuntanumero?: unknown };
    Turvakielto?: { TurvakieltoTieto?: unknown };
    Kuolintiedot?: { Kuollut?: unknown };
    Huollettavat?: unknown;
  };
}

export class HttpPopulationRegister implements PopulationRegister {
  private readonly endpoint: string;
  private readonly timeoutMs: number;

  constructor(options: HttpPopulationRegisterOptions) {
    this.endpoint = new URL('/vtj/henkilo', options.baseUrl).toString();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS;
  }

  async findPerson(personId: string, options: FindPersonOptions): Promise<RegisterPerson | null> {
    const query = {
      hetu: personId,
      tuote: options.withWards ? 'HUOLTAJA' : 'PERUSSANOMA',
      turvakieltoLupa: options.nonDisclosurePermit,
    };
    return toRegisterPerson(await this.query(query, options.signal), options);
  }

  private async query(body: object, callerSignal: AbortSignal | undefined): Promise<VtjAnswer> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout;
    let status: number;
    let text: string;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
      status = response.status;
      // Read the body even of an error answer, so that the connection can be reused.
      text = await response.text();
    } catch (err) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timeout.aborted) {
        throw new RegisterUnavailableError(`the population register did not answer within ${this.timeoutMs} ms`, 'timeout');
      }
      const code = (err as { cause?: { code?: unknown } }).cause?.code;
      throw new RegisterUnavailableError(
        `the population register could not be reached${typeof code === 'string' ? ` (${code})` : ''}`,
        'connection',
      );
    }
    if (status >= 500 || status === 408 || status === 429) {
      throw new RegisterUnavailableError(`the population register answered HTTP ${status}`, 'http');
    }
    if (status !== 200) throw new RegisterAnswerError(`the population register refused the query with HTTP ${status}`);
    try {
      return JSON.parse(text) as VtjAnswer;
    } catch {
      throw new RegisterAnswerError('the population register answered something other than JSON');
    }
  }
}

function toRegisterPerson(answer: VtjAnswer, options: FindPersonOptions): RegisterPerson | null {
  const noWards = options.withWards ? [] : null;
  switch (answer.Paluukoodi) {
    case RETURN_CODE.NOT_FOUND:
    case RETURN_CODE.DEACTIVATED:
      return null;
    case RETURN_CODE.DEAD:
      return {
        deceased: true,
        nonDisclosure: answer.Henkilo?.Turvakielto?.TurvakieltoTieto === '1',
        homeMunicipalityCode: null,
        wardIds: noWards,
      };
    case RETURN_CODE.NOT_DISCLOSED:
      // The register withholds the person's data: as protected as a non-disclosure marking.
      return { deceased: false, nonDisclosure: true, homeMunicipalityCode: null, wardIds: noWards };
    case RETURN_CODE.FOUND:
      return readPerson(answer.Henkilo, options);
    default: {
      // Only a well-formed code is repeated, so that nothing else from the answer reaches a log.
      const code = typeof answer.Paluukoodi === 'string' && /^\d{4}$/.test(answer.Paluukoodi) ? ` ${answer.Paluukoodi}` : '';
      throw new RegisterAnswerError(`the population register answered an unknown return code (Paluukoodi)${code}`);
    }
  }
}

function readPerson(henkilo: VtjAnswer['Henkilo'], options: FindPersonOptions): RegisterPerson {
  if (typeof henkilo !== 'object' || henkilo === null) throw new RegisterAnswerError('the register answer 0000 has no Henkilo');
  const marking = henkilo.Turvakielto?.TurvakieltoTieto;
  // A missing marking must not pass for "no marking": that would expose protected data.
  if (marking !== '0' && marking !== '1') throw new RegisterAnswerError('the register answer has no valid TurvakieltoTieto');
  const nonDisclosure = marking === '1';
  return {
    deceased: henkilo.Kuolintiedot?.Kuollut === '1',
    nonDisclosure,
    homeMunicipalityCode:
      nonDisclosure && !options.nonDisclosurePermit ? null : readMunicipality(henkilo.Kotikunta?.Kuntanumero),
    wardIds: options.withWards ? readWards(henkilo.Huollettavat) : null,
  };
}

function readMunicipality(kuntanumero: unknown): string | null {
  if (kuntanumero === undefined || kuntanumero === '') return null;
  if (typeof kuntanumero !== 'string' || !/^\d{3}$/.test(kuntanumero)) {
    throw new RegisterAnswerError('the register answer has a Kuntanumero that is not a 3-digit code');
  }
  return kuntanumero;
}

function readWards(huollettavat: unknown): string[] {
  if (huollettavat === undefined) return [];
  if (!Array.isArray(huollettavat)) throw new RegisterAnswerError('the register answer has Huollettavat that is not a list');
  return huollettavat.map((ward: { Henkilotunnus?: unknown } | null) => {
    if (typeof ward?.Henkilotunnus !== 'string') throw new RegisterAnswerError('a ward in the register answer has no Henkilotunnus');
    return ward.Henkilotunnus;
  });
}
