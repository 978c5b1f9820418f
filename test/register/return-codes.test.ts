// Answers the simulator never gives but a register may, written out by hand as another implementation
// would: other prefixes, a default namespace, unknown elements, wrong namespaces, malformed XML, SOAP
// and X-Road faults. The adapter's reading of each of them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VtjPopulationRegister } from '../../activities/population-register/vtj-adapter';
import { RegisterAnswerError, RegisterConfigurationError, RegisterUnavailableError } from '../../activities/population-register/port';
import { parseXml, path } from '../../activities/population-register/xml';
import { NS } from '../../activities/population-register/vtj-protocol';
import { ID } from './support/fixture-population';
import { closeRegisters, developmentRegister } from './support/register-client';

const NO_PERMIT = { nonDisclosurePermit: false };
const PERMIT = { nonDisclosurePermit: true };

/** The next answer the stub register gives: status and raw body. */
let next: { status: number; body: string };
let lastQuery: { method?: string; url?: string; contentType?: string; body: string } | undefined;
let server: Server;
let register: VtjPopulationRegister;
const errors: object[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      lastQuery = { method: req.method, url: req.url, contentType: req.headers['content-type'], body };
      res.writeHead(next.status, { 'content-type': 'text/xml' }).end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  register = developmentRegister(`http://127.0.0.1:${(server.address() as AddressInfo).port}/r/vtj`, {
    logger: { error: (fields) => errors.push(fields) },
  });
});

afterAll(async () => {
  closeRegisters();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** An answer as DVV's service writes it, with the usual prefixes. */
const soap = (vastaus: string) => `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers">
  <SOAP-ENV:Header><xrd:id>1</xrd:id><xrd:protocolVersion>4.0</xrd:protocolVersion></SOAP-ENV:Header>
  <SOAP-ENV:Body>
    <ns2:HenkilonTunnusKyselyResponse xmlns:ns2="http://xml.vrk.fi/ws/vtj/vtjkysely/1">
      <ns2:request><ns2:SoSoNimi>PERUSSANOMA 1</ns2:SoSoNimi><ns2:Henkilotunnus>${ID.adult}</ns2:Henkilotunnus></ns2:request>
      <ns2:response>
        <VTJHenkiloVastaussanoma xmlns="http://xml.vrk.fi/schema/vtjkysely" versio="1.0" sanomatunnus="PERUSSANOMA 1" tietojenPoimintaaika="20261201120000">
          <Asiakasinfo><InfoS>1.12.2026 12:00</InfoS><InfoR/><InfoE/></Asiakasinfo>
          ${vastaus}
        </VTJHenkiloVastaussanoma>
      </ns2:response>
    </ns2:HenkilonTunnusKyselyResponse>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
const answer = (vastaus: string, status = 200) => (next = { status, body: soap(vastaus) });
const code = (koodi: string) => `<Paluukoodi koodi="${koodi}">text</Paluukoodi>`;
const henkilo = (inner: string) => `${code('0000')}<Henkilo><Henkilotunnus voimassaolokoodi="1">${ID.adult}</Henkilotunnus><NykyinenSukunimi><Sukunimi>Testi</Sukunimi></NykyinenSukunimi>${inner}</Henkilo>`;
const PLAIN = '<Turvakielto><TurvakieltoTieto>0</TurvakieltoTieto><TurvakieltoPaattymispvm/></Turvakielto><Kuolintiedot><Kuollut/><Kuolinpvm/></Kuolintiedot>';
const HOME = '<Kotikunta><Kuntanumero>091</Kuntanumero><KuntaS>Helsinki</KuntaS><KuntaR>Helsingfors</KuntaR><KuntasuhdeAlkupvm>20100101</KuntasuhdeAlkupvm></Kotikunta>';

it('POSTs a SOAP 1.1 envelope with X-Road 4.0 headers and the request body to the configured URL', async () => {
  answer(code('0001'));
  await register.findPerson(ID.guardian, { ...PERMIT, withWards: true, endUser: 'E-kirjasto login' });
  expect(lastQuery).toMatchObject({ method: 'POST', url: '/r/vtj', contentType: 'text/xml; charset=utf-8' });
  const envelope = parseXml(lastQuery!.body);
  const header = path(envelope, NS.soap, 'Header');
  const id = (element: string, name: string) => path(header, NS.xroad, element)?.children.find((c) => c.ns === NS.identifiers && c.name === name)?.text;
  expect([id('client', 'xRoadInstance'), id('client', 'memberClass'), id('client', 'memberCode'), id('client', 'subsystemCode')]).toEqual([
    'FI-DEV',
    'EDU',
    '0313471-7',
    'ekirjasto',
  ]);
  expect(path(header, NS.xroad, 'client')?.attributes.get(`{${NS.identifiers}}objectType`)).toBe('SUBSYSTEM');
  expect(path(header, NS.xroad, 'service')?.attributes.get(`{${NS.identifiers}}objectType`)).toBe('SERVICE');
  expect([id('service', 'memberCode'), id('service', 'subsystemCode'), id('service', 'serviceCode'), id('service', 'serviceVersion')]).toEqual([
    '0245437-2',
    'VTJkysely',
    'HenkilonTunnusKysely',
    'v1',
  ]);
  expect(path(header, NS.xroad, 'protocolVersion')?.text).toBe('4.0');
  expect(path(header, NS.xroad, 'id')?.text).toMatch(/^[0-9a-f-]{36}$/);
  const request = path(envelope, NS.query, 'Body');
  const body = path(envelope, NS.soap, 'Body');
  expect(request).toBeUndefined();
  const field = (name: string) => path(body, NS.query, 'HenkilonTunnusKysely', 'request', name)?.text;
  expect([field('SoSoNimi'), field('Kayttajatunnus'), field('Loppukayttaja'), field('Henkilotunnus')]).toEqual([
    'Huoltaja-Huollettavat',
    'ekirjasto-dev',
    'E-kirjasto login',
    ID.guardian,
  ]);
  // Unique per message.
  const firstId = path(header, NS.xroad, 'id')?.text;
  await register.findPerson(ID.guardian, NO_PERMIT);
  expect(path(parseXml(lastQuery!.body), NS.soap, 'Header', 'id')).toBeUndefined();
  expect(path(path(parseXml(lastQuery!.body), NS.soap, 'Header'), NS.xroad, 'id')?.text).not.toBe(firstId);
});

it.each([
  ['0001 not found', code('0001'), NO_PERMIT, null],
  ['0002 deactivated identity code: not found', code('0002'), NO_PERMIT, null],
  ['0007 dead', `${code('0007')}<Henkilo><Kuolintiedot><Kuollut>1</Kuollut><Kuolinpvm>20200101</Kuolinpvm></Kuolintiedot></Henkilo>`, NO_PERMIT, { deceased: true, homeMunicipalityCode: null }],
  ['0019 cannot be disclosed: like non-disclosure', code('0019'), NO_PERMIT, { nonDisclosure: true, homeMunicipalityCode: null, withheld: true }],
  ['0019 with the permit: withheld, not "no municipality"', code('0019'), PERMIT, { nonDisclosure: true, homeMunicipalityCode: null, withheld: true }],
  ['0000 a resident', henkilo(HOME + PLAIN), NO_PERMIT, { deceased: false, nonDisclosure: false, homeMunicipalityCode: '091', withheld: false }],
  ['0000 dead by Kuolintiedot', henkilo('<Turvakielto><TurvakieltoTieto>0</TurvakieltoTieto></Turvakielto><Kuolintiedot><Kuollut>1</Kuollut></Kuolintiedot>'), NO_PERMIT, { deceased: true }],
  ['0000 empty Kuntanumero', henkilo('<Kotikunta><Kuntanumero/></Kotikunta>' + PLAIN), NO_PERMIT, { homeMunicipalityCode: null }],
  ['0000 no Turvakielto element (a product without it): no marking', henkilo(HOME + '<Kuolintiedot><Kuollut/></Kuolintiedot>'), NO_PERMIT, { nonDisclosure: false, homeMunicipalityCode: '091' }],
  ['0000 Kuntanumero without its leading zero', henkilo('<Kotikunta><Kuntanumero>91</Kuntanumero></Kotikunta>' + PLAIN), NO_PERMIT, { homeMunicipalityCode: '091' }],
  ['0000 empty TurvakieltoTieto: no marking', henkilo(HOME + '<Turvakielto><TurvakieltoTieto/></Turvakielto>'), NO_PERMIT, { nonDisclosure: false, homeMunicipalityCode: '091' }],
  [
    '0000 non-disclosure with Kotikunta anyway: not read without a permit',
    henkilo('<Kotikunta><Kuntanumero>not even looked at</Kuntanumero></Kotikunta><Turvakielto><TurvakieltoTieto>1</TurvakieltoTieto></Turvakielto>'),
    NO_PERMIT,
    { nonDisclosure: true, homeMunicipalityCode: null },
  ],
  ['0000 protected with the permit', henkilo(HOME + '<Turvakielto><TurvakieltoTieto>1</TurvakieltoTieto></Turvakielto>'), PERMIT, { nonDisclosure: true, homeMunicipalityCode: '091', withheld: false }],
  [
    'unknown elements anywhere are ignored',
    henkilo(`<Uusi xmlns="urn:future"><Kuntanumero>999</Kuntanumero></Uusi><Kotikunta><Tuntematon/><Kuntanumero>091</Kuntanumero></Kotikunta>${PLAIN}<Lisatieto>x</Lisatieto>`),
    NO_PERMIT,
    { homeMunicipalityCode: '091' },
  ],
])('%s', async (_case, vastaus, options, expected) => {
  answer(vastaus);
  const result = await register.findPerson(ID.adult, options);
  if (expected === null) expect(result).toBeNull();
  else expect(result).toMatchObject(expected);
});

it('reads the same answer with other prefixes, default namespaces and a differently prefixed envelope', async () => {
  next = {
    status: 200,
    body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
      <HenkilonTunnusKyselyResponse xmlns="http://xml.vrk.fi/ws/vtj/vtjkysely/1"><response>
        <v:VTJHenkiloVastaussanoma xmlns:v="http://xml.vrk.fi/schema/vtjkysely"><v:Paluukoodi koodi="0000">ok</v:Paluukoodi>
          <v:Henkilo><v:Kotikunta><v:Kuntanumero>049</v:Kuntanumero></v:Kotikunta>
          <x:Turvakielto xmlns:x="http://xml.vrk.fi/schema/vtjkysely"><x:TurvakieltoTieto>0</x:TurvakieltoTieto></x:Turvakielto>
          <v:Huollettava><v:Henkilotunnus>${ID.child}</v:Henkilotunnus><v:Syntymaaika>20180115</v:Syntymaaika></v:Huollettava></v:Henkilo>
        </v:VTJHenkiloVastaussanoma></response></HenkilonTunnusKyselyResponse></soapenv:Body></soapenv:Envelope>`,
  };
  expect(await register.findPerson(ID.adult, { ...NO_PERMIT, withWards: true })).toEqual({
    deceased: false,
    nonDisclosure: false,
    homeMunicipalityCode: '049',
    withheld: false,
    wards: [{ personId: ID.child }],
  });
});

const wrongNamespace = (body: string) => (next = { status: 200, body });
it.each([
  ['an answer element in another namespace', () => answer(henkilo(`<Kotikunta xmlns="urn:other"><Kuntanumero>091</Kuntanumero></Kotikunta>${PLAIN}`)), { homeMunicipalityCode: null }],
  ['a ward in another namespace is not a ward', () => answer(henkilo(`${HOME}${PLAIN}<Huollettava xmlns="urn:other"><Henkilotunnus>${ID.child}</Henkilotunnus></Huollettava>`)), { wards: [] }],
])('%s is not taken for ours', async (_case, arrange, expected) => {
  arrange();
  expect(await register.findPerson(ID.adult, { ...NO_PERMIT, withWards: true })).toMatchObject(expected);
});

it.each([
  ['an unknown return code', () => answer(code('0099')), 'the population register answered an unknown return code (Paluukoodi) 0099'],
  ['a return code that is not one', () => answer(code(ID.adult)), 'the population register answered an unknown return code (Paluukoodi)'],
  ['0000 without Henkilo', () => answer(code('0000')), 'the register answer 0000 has no Henkilo'],
  ['an invalid non-disclosure marking', () => answer(henkilo(HOME + '<Turvakielto><TurvakieltoTieto>kyllä</TurvakieltoTieto></Turvakielto>')), 'the register answer has an invalid TurvakieltoTieto'],
  ['a malformed municipality', () => answer(henkilo('<Kotikunta><Kuntanumero>0091</Kuntanumero></Kotikunta>' + PLAIN)), 'the register answer has a Kuntanumero that is not a 3-digit code'],
  ['a ward without an identity code', () => answer(henkilo(`${PLAIN}<Huollettava><Syntymaaika>20180101</Syntymaaika></Huollettava>`)), 'a ward (Huollettava) in the register answer has no Henkilotunnus'],
  ['not XML', () => (next = { status: 200, body: '<html><body>Maintenance</body>' }), expect.stringContaining('not well-formed XML')],
  ['JSON', () => (next = { status: 200, body: '{"Paluukoodi":"0000"}' }), expect.stringContaining('not well-formed XML')],
  ['cut off', () => (next = { status: 200, body: soap(henkilo(HOME + PLAIN)).slice(0, 700) }), expect.stringContaining('not well-formed XML')],
  ['a DTD', () => (next = { status: 200, body: '<!DOCTYPE x [<!ENTITY a "b">]><x/>' }), expect.stringContaining('a DTD is not allowed')],
  ['an undeclared prefix', () => (next = { status: 200, body: '<q:Envelope/>' }), expect.stringContaining('undeclared namespace prefix')],
  ['the envelope of SOAP 1.2', () => wrongNamespace('<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>'), expect.stringContaining('not a SOAP 1.1 envelope')],
  [
    'the operation in another namespace',
    () => wrongNamespace(soap(henkilo(HOME + PLAIN)).split('http://xml.vrk.fi/ws/vtj/vtjkysely/1').join('urn:not-vtj')),
    expect.stringContaining('no HenkilonTunnusKyselyResponse/response'),
  ],
  [
    'the answer message in another namespace',
    () => wrongNamespace(soap(henkilo(HOME + PLAIN)).split('http://xml.vrk.fi/schema/vtjkysely"').join('http://xml.vrk.fi/schema/vtjkysely/2"')),
    expect.stringContaining('no VTJHenkiloVastaussanoma'),
  ],
])('%s: a permanent RegisterAnswerError ("try again later", never a refusal)', async (_case, arrange, message) => {
  arrange();
  const error = await register.findPerson(ID.adult, { ...NO_PERMIT, withWards: true }).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(RegisterAnswerError);
  expect(error).toMatchObject({ retryable: false, name: 'RegisterAnswerError' });
  expect((error as Error).message).toEqual(typeof message === 'string' ? expect.stringContaining(message) : message);
  expect((error as Error).message).not.toContain(ID.adult);
});

const fault = (faultcode: string, faultstring: string, declare = '') =>
  (next = {
    status: 500,
    body: `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" ${declare}><s:Body><s:Fault><faultcode>${faultcode}</faultcode><faultstring>${faultstring}</faultstring><detail><faultDetail>x</faultDetail></detail></s:Fault></s:Body></s:Envelope>`,
  });

describe('SOAP and X-Road faults', () => {
  beforeEach(() => errors.splice(0));

  it.each([
    ['SOAP Server fault', () => fault('s:Server', 'VTJ temporarily unavailable')],
    ['X-Road network error', () => fault('Server.ClientProxy.NetworkError', 'Connection refused')],
    ['X-Road service failure', () => fault('Server.ServerProxy.ServiceFailed.InternalError', 'Service failed')],
    ['X-Road timeout', () => fault('Server.ClientProxy.NetworkError.ReadTimeout', 'timed out')],
    ['VTJ service fault in the response', () => answer('').body && (next.body = next.body.replace(/<VTJHenkiloVastaussanoma[\s\S]*<\/VTJHenkiloVastaussanoma>/, '<ns2:faultCode>SERVICE_BUSY</ns2:faultCode><ns2:faultString>busy</ns2:faultString>'))],
  ])('%s is transient: retryable "try again later"', async (_case, arrange) => {
    arrange();
    const error = await register.findPerson(ID.adult, NO_PERMIT).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RegisterUnavailableError);
    expect(error).toMatchObject({ retryable: true, kind: 'http' });
    expect(errors).toEqual([]);
  });

  it.each([
    ['bad credentials (SOAP Client fault)', () => fault('s:Client', 'Invalid username or password')],
    ['a Client fault under another prefix', () => fault('soap11:Client', 'Invalid username', 'xmlns:soap11="http://schemas.xmlsoap.org/soap/envelope/"')],
    ['unknown client (X-Road access denied)', () => fault('Server.ServerProxy.AccessDenied', 'Request is not allowed')],
    ['unknown member', () => fault('Server.ClientProxy.UnknownMember', 'Unknown member')],
    ['unknown service', () => fault('Server.ClientProxy.UnknownService', 'Unknown service')],
    ['HTTP 401 from the security server', () => (next = { status: 401, body: 'no' })],
  ])('%s is a configuration fault: not retried, logged loudly once per burst', async (_case, arrange) => {
    arrange();
    const error = await register.findPerson(ID.adult, NO_PERMIT).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RegisterConfigurationError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).not.toContain(ID.adult);
  });

  it('logs a burst of configuration faults once, at error level, without the password', async () => {
    const fresh = developmentRegister(register['url'].toString(), { logger: { error: (fields) => errors.push(fields) } });
    fault('s:Client', 'Invalid username or password');
    for (let i = 0; i < 5; i++) await expect(fresh.findPerson(ID.adult, NO_PERMIT)).rejects.toBeInstanceOf(RegisterConfigurationError);
    expect(errors).toEqual([{ event: 'register-misconfigured', reason: expect.stringContaining('Client'), suppressedSinceLast: 0 }]);
    expect(JSON.stringify(errors)).not.toContain('ekirjasto-dev-password');
  });

  it('a fault that echoes our password does not repeat it in the error', async () => {
    fault('s:Client', 'Invalid password ekirjasto-dev-password for ekirjasto-dev');
    const error = (await register.findPerson(ID.adult, NO_PERMIT).catch((err: unknown) => err)) as Error;
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain('ekirjasto-dev-password');
  });

  it('a fault code in an unknown namespace is transient, not a Client fault', async () => {
    fault('o:Client', 'other', 'xmlns:o="urn:other"');
    await expect(register.findPerson(ID.adult, NO_PERMIT)).rejects.toBeInstanceOf(RegisterUnavailableError);
  });
});

it.each([502, 503, 504, 429, 408])('HTTP %i without an envelope is retryable', async (status) => {
  next = { status, body: 'Bad gateway' };
  await expect(register.findPerson(ID.adult, NO_PERMIT)).rejects.toMatchObject({ kind: 'http', retryable: true });
});

it('a register that is not listening is unavailable (connection refused)', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const unreachable = developmentRegister(`http://127.0.0.1:${port}/`);
  const error = await unreachable.findPerson(ID.adult, NO_PERMIT).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(RegisterUnavailableError);
  expect(error).toMatchObject({ kind: 'connection', message: 'the population register could not be reached (ECONNREFUSED)' });
});
