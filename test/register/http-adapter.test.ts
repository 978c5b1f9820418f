// The HTTP adapter against the simulator running as its own process.
import { ALL_IDS, FIXTURE, ID } from './support/fixture-population';
import { useFixtureSimulator } from './support/fixture-simulator';

const NO_PERMIT = { nonDisclosurePermit: false };
const PERMIT = { nonDisclosurePermit: true };

const running = useFixtureSimulator();

interface WireAnswer {
  Paluukoodi: string;
  Henkilo: { Kotikunta?: { Kuntanumero: string } };
  error?: string;
}

const postRaw = async (body: object) => {
  const response = await fetch(`${running.simulator.url}/vtj/henkilo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as WireAnswer };
};

describe('findPerson', () => {
  it.each([
    ['a resident', ID.adult, NO_PERMIT, { deceased: false, nonDisclosure: false, homeMunicipalityCode: '091', wardIds: null }],
    ['a child living in another municipality', ID.child, NO_PERMIT, { homeMunicipalityCode: '049' }],
    ['a person living abroad', ID.abroad, NO_PERMIT, { homeMunicipalityCode: '200' }],
    ['a person without any home municipality', ID.nowhere, NO_PERMIT, { homeMunicipalityCode: null }],
    ['a deceased person', ID.deceased, NO_PERMIT, { deceased: true, homeMunicipalityCode: null }],
    ['non-disclosure without permit: municipality not read', ID.nonDisclosure, NO_PERMIT, { nonDisclosure: true, homeMunicipalityCode: null }],
    ['non-disclosure with permit', ID.nonDisclosure, PERMIT, { nonDisclosure: true, homeMunicipalityCode: '091' }],
  ])('%s', async (_case, personId, options, expected) => {
    expect(await running.register.findPerson(personId, options)).toMatchObject(expected);
  });

  it.each([
    ['not in the register', ID.absent],
    ['same digits under another century sign (a different person)', ID.adultOtherSign],
    ['a temporary code', ID.temporary],
  ])('%s → null', async (_case, personId) => {
    expect(await running.register.findPerson(personId, NO_PERMIT)).toBeNull();
  });

  it('lists wards only when asked for them', async () => {
    expect(await running.register.findPerson(ID.guardian, { ...NO_PERMIT, withWards: true })).toEqual({
      deceased: false,
      nonDisclosure: false,
      homeMunicipalityCode: '091',
      wardIds: [ID.child, ID.child15],
    });
    expect((await running.register.findPerson(ID.guardian, NO_PERMIT))?.wardIds).toBeNull();
    expect((await running.register.findPerson(ID.adult, { ...NO_PERMIT, withWards: true }))?.wardIds).toEqual([]);
  });

  it('lists the wards of a guardian under non-disclosure, without the municipality', async () => {
    expect(await running.register.findPerson(ID.protectedGuardian, { ...NO_PERMIT, withWards: true })).toEqual({
      deceased: false,
      nonDisclosure: true,
      homeMunicipalityCode: null,
      wardIds: [ID.childOfProtected],
    });
  });

  it('answers many concurrent queries', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => ALL_IDS[i % ALL_IDS.length]);
    const answers = await Promise.all(ids.map((id) => running.register.findPerson(id, NO_PERMIT)));
    const inRegister = new Set(FIXTURE.map((p) => p.personId));
    expect(answers.map((a) => a !== null)).toEqual(ids.map((id) => inRegister.has(id)));
  });
});

describe('the wire format', () => {
  it('omits Kotikunta entirely for non-disclosure without a permit', async () => {
    const { status, body } = await postRaw({ hetu: ID.nonDisclosure, tuote: 'PERUSSANOMA', turvakieltoLupa: false });
    expect(status).toBe(200);
    expect(body).toEqual({
      Paluukoodi: '0000',
      PaluukoodiTeksti: expect.any(String),
      Henkilo: { Turvakielto: { TurvakieltoTieto: '1' }, Kuolintiedot: { Kuollut: '0' } },
    });
    expect(JSON.stringify(body)).not.toContain('091');
  });

  it('withholds Kotikunta when the caller does not say it has a permit', async () => {
    const { body } = await postRaw({ hetu: ID.nonDisclosure, tuote: 'PERUSSANOMA' });
    expect(body.Henkilo.Kotikunta).toBeUndefined();
  });

  it('discloses it to a caller with a permit', async () => {
    const { body } = await postRaw({ hetu: ID.nonDisclosure, tuote: 'PERUSSANOMA', turvakieltoLupa: true });
    expect(body.Henkilo.Kotikunta).toEqual({ Kuntanumero: '091' });
  });

  it('answers 0001 for an unknown person, 0007 for a dead one, empty Kuntanumero for none', async () => {
    expect((await postRaw({ hetu: ID.absent, tuote: 'PERUSSANOMA' })).body.Paluukoodi).toBe('0001');
    expect((await postRaw({ hetu: ID.deceased, tuote: 'PERUSSANOMA' })).body).toMatchObject({
      Paluukoodi: '0007',
      Henkilo: { Kuolintiedot: { Kuollut: '1' } },
    });
    expect((await postRaw({ hetu: ID.nowhere, tuote: 'PERUSSANOMA' })).body.Henkilo.Kotikunta).toEqual({ Kuntanumero: '' });
  });

  it('rejects a malformed query without repeating it', async () => {
    const { status, body } = await postRaw({ hetu: ID.adult, tuote: 'KAIKKI' });
    expect(status).toBe(400);
    expect(body.error).toBe('tuote must be PERUSSANOMA or HUOLTAJA');
  });

  it('never writes an identity code to its output', () => {
    for (const id of ALL_IDS) expect(running.simulator.output()).not.toContain(id);
  });
});
