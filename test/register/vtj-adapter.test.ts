// The SOAP adapter against the simulator running as its own process: found, not found, dead,
// protected (with and without the permit), wards; and the simulator's side of the protocol.
import { buildPersonQuery, PRODUCT, readPersonAnswer } from '../../activities/population-register/vtj-protocol';
import { DEVELOPMENT_REGISTER } from '../../src/config/register.config';
import { ALL_IDS, FIXTURE, ID } from './support/fixture-population';
import { useFixtureSimulator } from './support/fixture-simulator';
import { DEVELOPMENT_ACCOUNT } from './support/register-client';

const NO_PERMIT = { nonDisclosurePermit: false };
const PERMIT = { nonDisclosurePermit: true };

const running = useFixtureSimulator();
const permitted = useFixtureSimulator({ NON_DISCLOSURE_PERMIT: 'true' });

describe('findPerson', () => {
  it.each([
    ['a resident', ID.adult, { deceased: false, nonDisclosure: false, homeMunicipalityCode: '091', withheld: false, wards: null }],
    ['a child living in another municipality', ID.child, { homeMunicipalityCode: '049' }],
    ['a person living abroad', ID.abroad, { homeMunicipalityCode: '200' }],
    ['a person without any home municipality', ID.nowhere, { homeMunicipalityCode: null }],
    ['a deceased person', ID.deceased, { deceased: true, homeMunicipalityCode: null }],
    ['non-disclosure without permit: municipality not read', ID.nonDisclosure, { nonDisclosure: true, homeMunicipalityCode: null }],
  ])('%s', async (_case, personId, expected) => {
    expect(await running.register.findPerson(personId, NO_PERMIT)).toMatchObject(expected);
  });

  it('non-disclosure with the permit, from an account DVV gave the permit', async () => {
    expect(await permitted.register.findPerson(ID.nonDisclosure, PERMIT)).toMatchObject({
      nonDisclosure: true,
      homeMunicipalityCode: '091',
      withheld: false,
    });
  });

  it('with the permit on our side but not at DVV, the missing municipality is "withheld", never "none"', async () => {
    expect(await running.register.findPerson(ID.nonDisclosure, PERMIT)).toMatchObject({
      nonDisclosure: true,
      homeMunicipalityCode: null,
      withheld: true,
    });
  });

  it('without the permit on our side, a municipality the register discloses is still not read', async () => {
    expect(await permitted.register.findPerson(ID.nonDisclosure, NO_PERMIT)).toMatchObject({ homeMunicipalityCode: null });
  });

  it.each([
    ['not in the register', ID.absent],
    ['same digits under another century sign (a different person)', ID.adultOtherSign],
    ['a temporary code', ID.temporary],
  ])('%s → null', async (_case, personId) => {
    expect(await running.register.findPerson(personId, NO_PERMIT)).toBeNull();
  });

  it('lists wards only when asked for them (product Huoltaja-Huollettavat)', async () => {
    expect(await running.register.findPerson(ID.guardian, { ...NO_PERMIT, withWards: true })).toEqual({
      deceased: false,
      nonDisclosure: false,
      homeMunicipalityCode: '091',
      withheld: false,
      wards: [{ personId: ID.child }, { personId: ID.child15 }],
    });
    expect((await running.register.findPerson(ID.guardian, NO_PERMIT))?.wards).toBeNull();
    expect((await running.register.findPerson(ID.adult, { ...NO_PERMIT, withWards: true }))?.wards).toEqual([]);
  });

  it('lists the wards of a guardian under non-disclosure, without the municipality', async () => {
    expect(await running.register.findPerson(ID.protectedGuardian, { ...NO_PERMIT, withWards: true })).toEqual({
      deceased: false,
      nonDisclosure: true,
      homeMunicipalityCode: null,
      withheld: false,
      wards: [{ personId: ID.childOfProtected }],
    });
  });

  it('tells each query to the audit listener: product, return code, outcome', async () => {
    const records: object[] = [];
    await running.register.findPerson(ID.guardian, { ...NO_PERMIT, withWards: true, onQuery: (r) => records.push(r) });
    await running.register.findPerson(ID.absent, { ...NO_PERMIT, onQuery: (r) => records.push(r) });
    await running.register.findPerson(ID.deceased, { ...NO_PERMIT, onQuery: (r) => records.push(r) });
    expect(records).toEqual([
      { queriedAt: expect.any(Date), product: 'Huoltaja-Huollettavat', returnCode: '0000', outcome: 'found' },
      { queriedAt: expect.any(Date), product: 'PERUSSANOMA 1', returnCode: '0001', outcome: 'not_found' },
      { queriedAt: expect.any(Date), product: 'PERUSSANOMA 1', returnCode: '0007', outcome: 'deceased' },
    ]);
  });

  it('answers many concurrent queries', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => ALL_IDS[i % ALL_IDS.length]);
    const answers = await Promise.all(ids.map((id) => running.register.findPerson(id, NO_PERMIT)));
    const inRegister = new Set(FIXTURE.map((p) => p.personId));
    expect(answers.map((a) => a !== null)).toEqual(ids.map((id) => inRegister.has(id)));
  });
});

describe("the simulator's side of the protocol", () => {
  const query = (over: { username?: string; password?: string; client?: string; product?: string; protocolVersion?: string } = {}) =>
    buildPersonQuery({
      headers: {
        client: over.client ? { ...DEVELOPMENT_ACCOUNT.client, memberCode: over.client } : DEVELOPMENT_ACCOUNT.client,
        service: DEVELOPMENT_ACCOUNT.service,
        messageId: 'test-message-1',
        userId: DEVELOPMENT_REGISTER.userId,
        protocolVersion: over.protocolVersion ?? '4.0',
      },
      body: {
        product: over.product ?? PRODUCT.person,
        username: over.username ?? DEVELOPMENT_ACCOUNT.username,
        password: over.password ?? DEVELOPMENT_ACCOUNT.password,
        endUser: 'test',
        personId: ID.nonDisclosure,
      },
    });
  const post = async (body: string) => {
    const response = await fetch(running.simulator.url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    return { status: response.status, text: await response.text() };
  };

  it('omits Kotikunta entirely for non-disclosure without a permit, and echoes the request without the password', async () => {
    const { status, text } = await post(query());
    expect(status).toBe(200);
    expect(readPersonAnswer(text)).toMatchObject({ kind: 'answer', returnCode: '0000' });
    expect(text).not.toContain('Kotikunta');
    expect(text).not.toContain('091');
    expect(text).not.toContain(DEVELOPMENT_ACCOUNT.password);
    expect(text).toContain('test-message-1');
  });

  it.each([
    ['a wrong password', { password: 'guess' }, 'Client'],
    ['a wrong user', { username: 'someone' }, 'Client'],
    ['an unknown X-Road client', { client: '1234567-8' }, 'Server.ServerProxy.AccessDenied'],
    ['an unknown product', { product: 'KAIKKI' }, 'Client'],
    ['another X-Road protocol version', { protocolVersion: '3.1' }, 'Client.InvalidProtocolVersion'],
  ])('refuses %s with a SOAP fault', async (_case, over, code) => {
    const { status, text } = await post(query(over));
    expect(status).toBe(500);
    expect(readPersonAnswer(text)).toMatchObject({ kind: 'fault', code });
  });

  it('refuses what is not a SOAP envelope with a SOAP fault', async () => {
    const { status, text } = await post('{"hetu":"x"}');
    expect(status).toBe(500);
    expect(readPersonAnswer(text)).toMatchObject({ kind: 'fault', code: 'Client' });
  });

  it('counts the queries it answered, by product', async () => {
    const before = (await (await fetch(`${running.simulator.url}/admin/queries`)).json()) as { total: number; byProduct: Record<string, number> };
    await running.register.findPerson(ID.guardian, { ...NO_PERMIT, withWards: true });
    const after = (await (await fetch(`${running.simulator.url}/admin/queries`)).json()) as typeof before;
    expect(after.total).toBe(before.total + 1);
    expect(after.byProduct['Huoltaja-Huollettavat']).toBe((before.byProduct['Huoltaja-Huollettavat'] ?? 0) + 1);
  });

  it('never writes an identity code to its output', () => {
    for (const id of ALL_IDS) expect(running.simulator.output()).not.toContain(id);
  });
});
