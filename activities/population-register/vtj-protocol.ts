// DVV's person query (HenkilonTunnusKysely) over Suomi.fi Palveluväylä: SOAP 1.1 with X-Road 4.0
// headers. The one definition of the wire format, used by the adapter (client side) and by the
// register simulator (server side). Element names follow the public WSDL/XSDs (VRK, EUPL).
import { buildXml, child, MalformedXmlError, parseXml, path, resolveQNameText, type XmlElement, type XmlNode } from './xml';

export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  xroad: 'http://x-road.eu/xsd/xroad.xsd',
  identifiers: 'http://x-road.eu/xsd/identifiers',
  /** The operation and its request (query.xsd). */
  query: 'http://xml.vrk.fi/ws/vtj/vtjkysely/1',
  /** The answer message VTJHenkiloVastaussanoma (vtj-vastaus-unified.xsd). */
  answer: 'http://xml.vrk.fi/schema/vtjkysely',
} as const;

const PREFIXES: Record<string, string> = {
  [NS.soap]: 'SOAP-ENV',
  [NS.xroad]: 'xrd',
  [NS.identifiers]: 'id',
  [NS.query]: 'vtjkysely',
  [NS.answer]: 'vtj',
};

export const OPERATION = 'HenkilonTunnusKysely';
export const X_ROAD_PROTOCOL_VERSION = '4.0';
/** DVV's person query in production; the test environment's instance is FI-TEST. */
export const DEFAULT_X_ROAD_SERVICE = 'FI/GOV/0245437-2/VTJkysely/HenkilonTunnusKysely/v1';

/** SoSoNimi: the products this service uses. */
export const PRODUCT = {
  /** A person's basic data: municipality, non-disclosure, death. */
  person: 'PERUSSANOMA 1',
  /** A guardian's data with the list of their wards (huollettavat). */
  guardianWithWards: 'Huoltaja-Huollettavat',
} as const;
export type Product = (typeof PRODUCT)[keyof typeof PRODUCT];

/** Paluukoodi values the service acts on. */
export const RETURN_CODE = {
  FOUND: '0000',
  NOT_FOUND: '0001',
  /** The identity code is no longer valid (passivoitu). */
  DEACTIVATED: '0002',
  DEAD: '0007',
  /** The register does not disclose the person's data. */
  NOT_DISCLOSED: '0019',
} as const;

export interface XRoadMember {
  instance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode: string;
}

export interface XRoadService extends XRoadMember {
  serviceCode: string;
  serviceVersion: string;
}

/** `INSTANCE/CLASS/MEMBER/SUBSYSTEM`, e.g. `FI-TEST/GOV/0245025-8/ekirjasto`. */
export function parseXRoadClient(text: string): XRoadMember | undefined {
  const parts = text.split('/');
  if (parts.length !== 4 || parts.some((p) => p.trim() === '' || p !== p.trim())) return undefined;
  const [instance, memberClass, memberCode, subsystemCode] = parts;
  return { instance, memberClass, memberCode, subsystemCode };
}

/** `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE/VERSION`. */
export function parseXRoadService(text: string): XRoadService | undefined {
  const parts = text.split('/');
  if (parts.length !== 6 || parts.some((p) => p.trim() === '' || p !== p.trim())) return undefined;
  const [instance, memberClass, memberCode, subsystemCode, serviceCode, serviceVersion] = parts;
  return { instance, memberClass, memberCode, subsystemCode, serviceCode, serviceVersion };
}

export function formatXRoadId(id: XRoadMember | XRoadService): string {
  const base = [id.instance, id.memberClass, id.memberCode, id.subsystemCode];
  return ('serviceCode' in id ? [...base, id.serviceCode, id.serviceVersion] : base).join('/');
}

/** The headers of one message: who asks, which service, which message, on whose behalf. */
export interface XRoadHeaders {
  client: XRoadMember;
  service: XRoadService;
  /** Unique per message. */
  messageId: string;
  userId: string;
  protocolVersion: string;
}

/** The body of HenkilonTunnusKysely/request. */
export interface PersonQueryBody {
  product: string;
  username: string;
  password: string;
  /** Loppukayttaja: on whose behalf; never an identity code. */
  endUser: string;
  personId: string;
}

export interface PersonQueryMessage {
  headers: XRoadHeaders;
  body: PersonQueryBody;
}

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

const el = (ns: string, name: string, content?: string | XmlNode[], attributes?: XmlNode['attributes']): XmlNode => ({
  ns,
  name,
  content,
  attributes,
});

function memberNodes(id: XRoadMember | XRoadService): XmlNode[] {
  const nodes = [
    el(NS.identifiers, 'xRoadInstance', id.instance),
    el(NS.identifiers, 'memberClass', id.memberClass),
    el(NS.identifiers, 'memberCode', id.memberCode),
    el(NS.identifiers, 'subsystemCode', id.subsystemCode),
  ];
  if ('serviceCode' in id) {
    nodes.push(el(NS.identifiers, 'serviceCode', id.serviceCode), el(NS.identifiers, 'serviceVersion', id.serviceVersion));
  }
  return nodes;
}

function headerNodes(h: XRoadHeaders): XmlNode[] {
  const objectType = (value: string) => [{ ns: NS.identifiers, name: 'objectType', value }];
  return [
    el(NS.xroad, 'client', memberNodes(h.client), objectType('SUBSYSTEM')),
    el(NS.xroad, 'service', memberNodes(h.service), objectType('SERVICE')),
    el(NS.xroad, 'id', h.messageId),
    el(NS.xroad, 'userId', h.userId),
    el(NS.xroad, 'protocolVersion', h.protocolVersion),
  ];
}

function requestNode(body: PersonQueryBody): XmlNode {
  return el(NS.query, 'request', [
    el(NS.query, 'SoSoNimi', body.product),
    el(NS.query, 'Kayttajatunnus', body.username),
    el(NS.query, 'Salasana', body.password),
    el(NS.query, 'Loppukayttaja', body.endUser),
    el(NS.query, 'Henkilotunnus', body.personId),
  ]);
}

function envelope(headers: XRoadHeaders | undefined, body: XmlNode): string {
  const parts = [...(headers ? [el(NS.soap, 'Header', headerNodes(headers))] : []), el(NS.soap, 'Body', [body])];
  return buildXml(el(NS.soap, 'Envelope', parts), PREFIXES);
}

export function buildPersonQuery(message: PersonQueryMessage): string {
  return envelope(message.headers, el(NS.query, OPERATION, [requestNode(message.body)]));
}

// ---- Reading -------------------------------------------------------------------------------------

const textOf = (element: XmlElement | undefined): string => element?.text ?? '';

function readMember(element: XmlElement | undefined): XRoadMember & Partial<XRoadService> & { objectType: string } {
  const id = (name: string) => textOf(child(element, NS.identifiers, name));
  return {
    objectType: element?.attributes.get(`{${NS.identifiers}}objectType`) ?? '',
    instance: id('xRoadInstance'),
    memberClass: id('memberClass'),
    memberCode: id('memberCode'),
    subsystemCode: id('subsystemCode'),
    serviceCode: id('serviceCode'),
    serviceVersion: id('serviceVersion'),
  };
}

function readEnvelope(xml: string): { header: XmlElement | undefined; body: XmlElement } {
  const root = parseXml(xml);
  if (root.ns !== NS.soap || root.name !== 'Envelope') throw new ProtocolError('the message is not a SOAP 1.1 envelope');
  const body = child(root, NS.soap, 'Body');
  if (!body) throw new ProtocolError('the SOAP envelope has no Body');
  return { header: child(root, NS.soap, 'Header'), body };
}

/** The server side: reads a query envelope. Throws MalformedXmlError or ProtocolError. */
export function readPersonQuery(xml: string): PersonQueryMessage & { clientObjectType: string; serviceObjectType: string } {
  const { header, body } = readEnvelope(xml);
  const operation = child(body, NS.query, OPERATION);
  if (!operation) throw new ProtocolError(`the Body holds no ${OPERATION} of ${NS.query}`);
  const request = child(operation, NS.query, 'request');
  const field = (name: string) => textOf(child(request, NS.query, name));
  const client = readMember(child(header, NS.xroad, 'client'));
  const service = readMember(child(header, NS.xroad, 'service'));
  const { objectType: clientObjectType, serviceCode: _sc, serviceVersion: _sv, ...clientId } = client;
  const { objectType: serviceObjectType, ...serviceId } = service;
  return {
    clientObjectType,
    serviceObjectType,
    headers: {
      client: clientId,
      service: serviceId as XRoadService,
      messageId: textOf(child(header, NS.xroad, 'id')),
      userId: textOf(child(header, NS.xroad, 'userId')),
      protocolVersion: textOf(child(header, NS.xroad, 'protocolVersion')),
    },
    body: {
      product: field('SoSoNimi'),
      username: field('Kayttajatunnus'),
      password: field('Salasana'),
      endUser: field('Loppukayttaja'),
      personId: field('Henkilotunnus'),
    },
  };
}

/** One person in an answer, as the server writes it. */
export interface AnswerPerson {
  personId: string;
  /** Absent: the element is left out (e.g. a protected person for a caller without the permit). */
  homeMunicipalityCode?: string;
  nonDisclosure: boolean;
  deceased: boolean;
  /** yyyymmdd */
  deathDate?: string;
  /** Huollettava elements (product Huoltaja-Huollettavat). */
  wards?: { personId: string; birthDate: string }[];
}

export interface PersonAnswer {
  returnCode: string;
  returnText: string;
  person?: AnswerPerson;
}

/** The server side: an answer envelope echoing the query's headers and request, without the password. */
export function buildPersonAnswer(query: PersonQueryMessage, answer: PersonAnswer): string {
  const flag = (value: boolean) => (value ? '1' : '0');
  const a = (name: string, content?: string | XmlNode[], attributes?: XmlNode['attributes']) => el(NS.answer, name, content, attributes);
  const person = answer.person;
  const henkilo =
    person &&
    a('Henkilo', [
      a('Henkilotunnus', person.personId, [{ ns: '', name: 'voimassaolokoodi', value: '1' }]),
      ...(person.homeMunicipalityCode === undefined ? [] : [a('Kotikunta', [a('Kuntanumero', person.homeMunicipalityCode)])]),
      a('Kuolintiedot', [a('Kuollut', person.deceased ? '1' : ''), a('Kuolinpvm', person.deathDate ?? '')]),
      a('Turvakielto', [a('TurvakieltoTieto', flag(person.nonDisclosure))]),
      ...(person.wards ?? []).map((ward) => a('Huollettava', [a('Henkilotunnus', ward.personId), a('Syntymaaika', ward.birthDate)])),
    ]);
  const vastaus = a(
    'VTJHenkiloVastaussanoma',
    [a('Paluukoodi', answer.returnText, [{ ns: '', name: 'koodi', value: answer.returnCode }]), ...(henkilo ? [henkilo] : [])],
    [
      { ns: '', name: 'versio', value: '1.0' },
      { ns: '', name: 'sanomatunnus', value: query.body.product },
    ],
  );
  const echoed = { ...query.body, password: '' };
  return envelope(
    query.headers,
    el(NS.query, `${OPERATION}Response`, [requestNode(echoed), el(NS.query, 'response', [vastaus])]),
  );
}

/** A SOAP 1.1 fault (HTTP 500). `code` is a QName in the SOAP namespace (`Server`, `Client`) or an
 * X-Road code written without a prefix (`Server.ServerProxy.AccessDenied`). */
export function buildSoapFault(code: string, text: string, soapNamespaceCode: boolean): string {
  return envelope(
    undefined,
    el(NS.soap, 'Fault', [el('', 'faultcode', soapNamespaceCode ? `SOAP-ENV:${code}` : code), el('', 'faultstring', text)]),
  );
}

/** What an answer envelope holds, as the client reads it. */
export type ReadAnswer =
  | { kind: 'answer'; returnCode: string; person: XmlElement | undefined }
  | { kind: 'fault'; code: string; text: string };

/** The client side: reads an answer envelope. Throws MalformedXmlError or ProtocolError. */
export function readPersonAnswer(xml: string): ReadAnswer {
  const { body } = readEnvelope(xml);
  const fault = child(body, NS.soap, 'Fault');
  if (fault) {
    const codeElement = child(fault, '', 'faultcode');
    if (!codeElement) throw new ProtocolError('a SOAP fault without faultcode');
    const code = resolveQNameText(codeElement);
    // Codes in the SOAP namespace read as `Server`/`Client`; X-Road writes its codes unprefixed.
    const name = code.ns === NS.soap || code.ns === '' ? code.local : `{${code.ns ?? '?'}}${code.local}`;
    return { kind: 'fault', code: name, text: textOf(child(fault, '', 'faultstring')) };
  }
  const response = path(body, NS.query, `${OPERATION}Response`, 'response');
  if (!response) throw new ProtocolError(`the Body holds no ${OPERATION}Response/response of ${NS.query}`);
  const serviceFault = child(response, NS.query, 'faultCode');
  if (serviceFault) {
    return { kind: 'fault', code: serviceFault.text, text: textOf(child(response, NS.query, 'faultString')) };
  }
  const message = child(response, NS.answer, 'VTJHenkiloVastaussanoma');
  if (!message) throw new ProtocolError(`the response holds no VTJHenkiloVastaussanoma of ${NS.answer}`);
  const returnCode = child(message, NS.answer, 'Paluukoodi')?.attributes.get('koodi');
  if (returnCode === undefined) throw new ProtocolError('the answer has no Paluukoodi koodi');
  return { kind: 'answer', returnCode, person: child(message, NS.answer, 'Henkilo') };
}

export { MalformedXmlError };
