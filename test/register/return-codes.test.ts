// Answers the simulator never gives but a register may: the adapter's mapping of each of them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpPopulationRegister } from '../../activities/population-register/http-adapter';
import { RegisterAnswerError, RegisterUnavailableError } from '../../activities/population-register/port';
import { ID } from './support/fixture-population';

const NO_PERMIT = { nonDisclosurePermit: false };

/** The next answer the stub register gives: status and raw body. */
let next: { status: number; body: string };
let lastQuery: unknown;
let server: Server;
let register: HttpPopulationRegister;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      lastQuery = { method: req.method, url: req.url, body: JSON.parse(body) };
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  register = new HttpPopulationRegister({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const answer = (body: object, status = 200) => (next = { status, body: JSON.stringify(body) });
const person = (henkilo: object) => answer({ Paluukoodi: '0000', Henkilo: henkilo });
const PLAIN = { Turvakielto: { TurvakieltoTieto: '0' }, Kuolintiedot: { Kuollut: '0' } };

it('sends the identity code in a POST body, never in the URL', async () => {
  answer({ Paluukoodi: '0001' });
  await register.findPerson(ID.guardian, { nonDisclosurePermit: true, withWards: true });
  expect(lastQuery).toEqual({
    method: 'POST',
    url: '/vtj/henkilo',
    body: { hetu: ID.guardian, tuote: 'HUOLTAJA', turvakieltoLupa: true },
  });
});

it.each([
  ['0001 not found', { Paluukoodi: '0001' }, null],
  ['0002 deactivated identity code: not found', { Paluukoodi: '0002' }, null],
  ['0007 dead', { Paluukoodi: '0007' }, { deceased: true, nonDisclosure: false, homeMunicipalityCode: null, wardIds: null }],
  ['0019 cannot be disclosed: like non-disclosure', { Paluukoodi: '0019' }, { deceased: false, nonDisclosure: true, homeMunicipalityCode: null, wardIds: null }],
  ['0000 dead by Kuolintiedot', { Paluukoodi: '0000', Henkilo: { ...PLAIN, Kuolintiedot: { Kuollut: '1' } } }, { deceased: true }],
  ['0000 empty Kuntanumero', { Paluukoodi: '0000', Henkilo: { ...PLAIN, Kotikunta: { Kuntanumero: '' } } }, { homeMunicipalityCode: null }],
  [
    '0000 non-disclosure with Kotikunta anyway: not read without a permit',
    { Paluukoodi: '0000', Henkilo: { ...PLAIN, Turvakielto: { TurvakieltoTieto: '1' }, Kotikunta: { Kuntanumero: 'not even looked at' } } },
    { nonDisclosure: true, homeMunicipalityCode: null },
  ],
])('%s', async (_case, body, expected) => {
  answer(body);
  const result = await register.findPerson(ID.adult, NO_PERMIT);
  if (expected === null) expect(result).toBeNull();
  else expect(result).toMatchObject(expected);
});

it.each([
  ['an unknown return code', () => answer({ Paluukoodi: '0099' }), 'the population register answered an unknown return code (Paluukoodi) 0099'],
  ['a return code that is not one', () => answer({ Paluukoodi: ID.adult }), 'the population register answered an unknown return code (Paluukoodi)'],
  ['0000 without Henkilo', () => answer({ Paluukoodi: '0000' }), 'the register answer 0000 has no Henkilo'],
  ['no non-disclosure marking at all', () => person({ Kotikunta: { Kuntanumero: '091' } }), 'the register answer has no valid TurvakieltoTieto'],
  ['a malformed municipality', () => person({ ...PLAIN, Kotikunta: { Kuntanumero: '91' } }), 'the register answer has a Kuntanumero that is not a 3-digit code'],
  ['HTTP 400', () => answer({ error: 'bad' }, 400), 'the population register refused the query with HTTP 400'],
  ['not JSON', () => (next = { status: 200, body: '<html>' }), 'the population register answered something other than JSON'],
])('%s is a permanent RegisterAnswerError', async (_case, arrange, message) => {
  arrange();
  const error = await register.findPerson(ID.adult, NO_PERMIT).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(RegisterAnswerError);
  expect(error).toMatchObject({ retryable: false, name: 'RegisterAnswerError', message });
  expect((error as Error).message).not.toContain(ID.adult);
});

it('a malformed ward list is a RegisterAnswerError', async () => {
  person({ ...PLAIN, Huollettavat: [{ Nimi: 'x' }] });
  await expect(register.findPerson(ID.adult, { ...NO_PERMIT, withWards: true })).rejects.toBeInstanceOf(RegisterAnswerError);
});

it.each([502, 503, 504, 429, 408])('HTTP %i is retryable', async (status) => {
  answer({}, status);
  await expect(register.findPerson(ID.adult, NO_PERMIT)).rejects.toMatchObject({ kind: 'http', retryable: true });
});

it('a register that is not listening is unavailable', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const unreachable = new HttpPopulationRegister({ baseUrl: `http://127.0.0.1:${port}` });
  const error = await unreachable.findPerson(ID.adult, NO_PERMIT).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(RegisterUnavailableError);
  expect(error).toMatchObject({ kind: 'connection', message: 'the population register could not be reached (ECONNREFUSED)' });
});
