// The simulator's side of DVV's person query: checks the credentials and X-Road headers the way the
// security server and the service would, and answers from the synthetic population. The wire format
// itself is activities/population-register/vtj-protocol.ts, shared with the adapter.
import {
  formatXRoadId,
  PRODUCT,
  RETURN_CODE,
  X_ROAD_PROTOCOL_VERSION,
  type PersonAnswer,
  type PersonQueryMessage,
  type XRoadMember,
  type XRoadService,
} from '../../activities/population-register/vtj-protocol';
import type { IndexedPerson } from './population';

/** Who may ask: the one account and X-Road client the simulator is configured with. */
export interface SimulatorAccount {
  username: string;
  password: string;
  client: XRoadMember;
  service: XRoadService;
  /** Whether this account may receive data behind a non-disclosure marking (DVV grants it per customer). */
  nonDisclosurePermit: boolean;
}

/** A refusal as a SOAP fault: `code` as the real parties write it, `soapNamespace` when it is a SOAP QName. */
export interface Refusal {
  code: string;
  soapNamespace: boolean;
  text: string;
}

/** The first thing wrong with a query's headers or credentials, in the order the parties check them. */
export function refusalOf(query: PersonQueryMessage & { clientObjectType: string; serviceObjectType: string }, account: SimulatorAccount): Refusal | undefined {
  const { headers, body } = query;
  if (headers.protocolVersion !== X_ROAD_PROTOCOL_VERSION) {
    return { code: 'Client.InvalidProtocolVersion', soapNamespace: false, text: `X-Road protocolVersion must be ${X_ROAD_PROTOCOL_VERSION}` };
  }
  if (headers.messageId === '' || headers.userId === '') {
    return { code: 'Client.MissingHeaderField', soapNamespace: false, text: 'X-Road headers id and userId are required' };
  }
  if (query.clientObjectType !== 'SUBSYSTEM' || formatXRoadId(headers.client) !== formatXRoadId(account.client)) {
    return { code: 'Server.ServerProxy.AccessDenied', soapNamespace: false, text: 'Request is not allowed: unknown client subsystem' };
  }
  if (query.serviceObjectType !== 'SERVICE' || formatXRoadId(headers.service) !== formatXRoadId(account.service)) {
    return { code: 'Server.ClientProxy.UnknownService', soapNamespace: false, text: 'Unknown service' };
  }
  if (body.username !== account.username || body.password !== account.password) {
    return { code: 'Client', soapNamespace: true, text: 'Invalid username or password (Kayttajatunnus/Salasana)' };
  }
  if (body.product !== PRODUCT.person && body.product !== PRODUCT.guardianWithWards) {
    return { code: 'Client', soapNamespace: true, text: 'Unknown product (SoSoNimi)' };
  }
  if (body.endUser === '') return { code: 'Client', soapNamespace: true, text: 'Loppukayttaja is required' };
  return undefined;
}

/** yyyymmdd */
const registerDate = ({ year, month, day }: { year: number; month: number; day: number }) =>
  `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;

export function answerPersonQuery(
  person: IndexedPerson | undefined,
  product: string,
  account: SimulatorAccount,
  lookup: (personId: string) => IndexedPerson | undefined,
): PersonAnswer {
  if (person === undefined) return { returnCode: RETURN_CODE.NOT_FOUND, returnText: 'Henkilöä ei löytynyt' };
  // Like the real register, the home municipality of a person under non-disclosure is not disclosed
  // to a caller without a permit: the element is absent, not empty.
  const disclose = !person.nonDisclosure || account.nonDisclosurePermit;
  const wards =
    product === PRODUCT.guardianWithWards
      ? person.guardianOf.map((personId) => ({ personId, birthDate: registerDate(lookup(personId)?.birthDate ?? { year: 0, month: 0, day: 0 }) }))
      : undefined;
  return {
    returnCode: person.deceased ? RETURN_CODE.DEAD : RETURN_CODE.FOUND,
    returnText: person.deceased ? 'Henkilö on kuollut' : 'Haku onnistui',
    person: {
      personId: person.personId,
      ...(disclose && !person.deceased && { homeMunicipalityCode: person.homeMunicipalityCode ?? '' }),
      nonDisclosure: person.nonDisclosure,
      deceased: person.deceased,
      ...(wards && { wards }),
    },
  };
}
