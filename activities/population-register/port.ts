// The population register (väestötietojärjestelmä, VTJ) as the rest of the code sees it.
// Adapters: http-adapter.ts for the simulator's JSON wire format; production would add one for the
// real VTJ interface behind the Suomi.fi data exchange layer.

export interface RegisterPerson {
  deceased: boolean;
  /** turvakielto: non-disclosure marking in force. */
  nonDisclosure: boolean;
  /** kotikunta, as the register has it ('' becomes null). Always null, and never read from the answer,
   * for a person with non-disclosure when the caller holds no permit. */
  homeMunicipalityCode: string | null;
  /** Identity codes of the person's wards (huollettavat); null unless `withWards` was asked. */
  wardIds: string[] | null;
}

export interface FindPersonOptions {
  /** The National Library's permit to process data behind a non-disclosure marking. */
  nonDisclosurePermit: boolean;
  /** Also fetch whom the person is guardian of (the register's guardianship product). */
  withWards?: boolean;
  /** Cancels the query, e.g. the activity's cancellation signal. */
  signal?: AbortSignal;
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

/** The register did not answer usefully in time: a 5xx, a timeout or a broken connection.
 * Retry, and if it persists tell the user to try again later, never refuse. */
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

/** The register answered something we cannot use (a 4xx, an unknown return code, a malformed body):
 * asking again gives the same answer. */
export class RegisterAnswerError extends PopulationRegisterError {
  override name = 'RegisterAnswerError';
  readonly retryable = false;
}
