// The population register (väestötietojärjestelmä, VTJ) as the rest of the code sees it.
// The adapter: vtj-adapter.ts, DVV's person query over Suomi.fi Palveluväylä (SOAP 1.1, X-Road 4.0).

export interface Ward {
  /** henkilötunnus of the ward (huollettava), as the register lists it. */
  personId: string;
}

export interface RegisterPerson {
  deceased: boolean;
  /** turvakielto: non-disclosure marking in force. */
  nonDisclosure: boolean;
  /** kotikunta, as the register has it ('' becomes null). Always null, and never read from the answer,
   * for a person with non-disclosure when the caller holds no permit. */
  homeMunicipalityCode: string | null;
  /** The register withheld the person's data (return code 0019, or a protected person's municipality
   * left out although we hold the permit): nothing may be concluded from the missing municipality. */
  withheld: boolean;
  /** The person's wards (huollettavat); null unless `withWards` was asked. */
  wards: Ward[] | null;
}

/** What one query was, for the audit (DVV's terms: every query is logged). No identity code. */
export interface RegisterQueryRecord {
  queriedAt: Date;
  /** SoSoNimi */
  product: string;
  /** Paluukoodi, or null when no answer came. */
  returnCode: string | null;
  /** found, not_found, deceased, withheld, or the failure's kind. */
  outcome: string;
}

export interface FindPersonOptions {
  /** The National Library's permit to process data behind a non-disclosure marking. */
  nonDisclosurePermit: boolean;
  /** Also fetch whom the person is guardian of (product Huoltaja-Huollettavat). */
  withWards?: boolean;
  /** Loppukayttaja: on whose behalf the query is made (never an identity code). */
  endUser?: string;
  /** The check the query serves, for log lines: a shard's workflow id does not tell one check from another. */
  checkId?: string;
  /** Cancels the query, e.g. the activity's cancellation signal. */
  signal?: AbortSignal;
  /** Told of every query made, answered or not. */
  onQuery?: (record: RegisterQueryRecord) => void;
}

export interface PopulationRegister {
  /** The person, or null when the register has no such (active) identity code. */
  findPerson(personId: string, options: FindPersonOptions): Promise<RegisterPerson | null>;
}

/** Base of the register's failures. Messages never contain identity codes. */
export abstract class PopulationRegisterError extends Error {
  /** Whether asking again may help. */
  abstract readonly retryable: boolean;
}

/** The register did not answer usefully in time: a 5xx, a transient SOAP/X-Road fault, a timeout or a
 * broken connection. Retry, and if it persists tell the user to try again later, never refuse. */
export class RegisterUnavailableError extends PopulationRegisterError {
  override name = 'RegisterUnavailableError';
  readonly retryable = true;

  constructor(
    message: string,
    readonly kind: 'timeout' | 'http' | 'connection',
  ) {
    super(message);
  }
}

/** The register answered something we cannot use (an unknown return code, a malformed message):
 * asking again gives the same answer. */
export class RegisterAnswerError extends PopulationRegisterError {
  override name = 'RegisterAnswerError';
  readonly retryable = false;
}

/** Our side is misconfigured (credentials, X-Road client or service, certificates): asking again
 * cannot help until an operator acts, so it is not retried, and it is logged loudly. */
export class RegisterConfigurationError extends PopulationRegisterError {
  override name = 'RegisterConfigurationError';
  readonly retryable = false;
}
