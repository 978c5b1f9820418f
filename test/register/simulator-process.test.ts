// The simulator as a process: start-up errors, the generated population, the sample endpoint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIdentityCode } from '../../workflows/eligibility/identity-code';
import { FIXTURE } from './support/fixture-population';
import { runSimulatorToExit, startSimulator, writePopulation, type SimulatorProcess } from './support/simulator-process';

describe('start-up errors exit non-zero with a clear message', () => {
  const valid = FIXTURE[0];
  it.each([
    ['not JSON', '{"persons": [', /population file .*population\.json is not valid JSON/],
    ['no persons list', { people: [] }, /expected an object \{ "persons": \[ \.\.\. \] \}/],
    ['a bad check character', [valid, { ...valid, personId: valid.personId.slice(0, 10) + 'Q' }], /persons\[1\]\.personId is not a valid Finnish personal identity code: the check character does not match/],
    ['a duplicate person', [valid, valid], /persons\[1\]\.personId repeats persons\[0\]\.personId/],
    ['a municipality of two digits', [{ ...valid, homeMunicipalityCode: '91' }], /persons\[0\]\.homeMunicipalityCode must be a 3-digit string/],
    ['a missing flag', [{ ...valid, deceased: undefined }], /persons\[0\]\.deceased must be true or false/],
    ['a ward nobody knows', [{ ...valid, guardianOf: ['010101A123B'] }], /persons\[0\]\.guardianOf\[0\] names nobody in the population/],
  ])('%s', async (_case, content, message) => {
    const population = writePopulation(content);
    try {
      const { code, stdout, stderr } = await runSimulatorToExit({ REGISTER_SIM_POPULATION: population.file });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(JSON.parse(stderr)).toEqual({ event: 'failed', error: expect.stringMatching(message) });
      expect(stderr).not.toContain(valid.personId);
    } finally {
      population.remove();
    }
  });

  it('a missing file', async () => {
    const { code, stderr } = await runSimulatorToExit({ REGISTER_SIM_POPULATION: '/nonexistent/population.json' });
    expect(code).toBe(1);
    expect(stderr).toContain('cannot read population file /nonexistent/population.json');
  });

  it.each([
    [{ REGISTER_SIM_ERROR_RATE: '2' }, 'invalid fault settings in the environment: errorRate must be a number from 0 to 1'],
    [{ REGISTER_SIM_LATENCY_MS: 'slow' }, 'invalid fault settings in the environment: REGISTER_SIM_LATENCY_MS must be a number'],
    [{ REGISTER_SIM_PORT: '70000' }, 'REGISTER_SIM_PORT must be a whole number from 0 to 65535'],
    [{ REGISTER_SIM_SOAP_FAULT_RATE: '0.7', REGISTER_SIM_MALFORMED_RATE: '0.7' }, 'invalid fault settings in the environment: the fault rates must add up to at most 1'],
    [{ XROAD_CLIENT: 'FI/GOV' }, 'XROAD_CLIENT must be INSTANCE/CLASS/MEMBER/SUBSYSTEM'],
    [{ REGISTER_SIM_TLS_CERT_PATH: '/nonexistent.crt' }, 'REGISTER_SIM_TLS_CERT_PATH, REGISTER_SIM_TLS_KEY_PATH and REGISTER_SIM_TLS_CA_PATH go together'],
  ])('bad environment %o', async (env, error) => {
    const { code, stderr } = await runSimulatorToExit(env);
    expect(code).toBe(1);
    expect(JSON.parse(stderr)).toEqual({ event: 'failed', error });
  });
});

interface SampleAnswer {
  kind: string;
  personIds: string[];
  persons: { personId: string; homeMunicipalityCode: string | null; guardianOf: string[]; age: number }[];
  error?: string;
}

describe('the generated default population', () => {
  let simulator: SimulatorProcess;
  const sample = async (query: string) => {
    const response = await fetch(`${simulator.url}/admin/population/sample?${query}`);
    return { status: response.status, body: (await response.json()) as SampleAnswer };
  };

  beforeAll(async () => {
    simulator = await startSimulator();
  });
  afterAll(async () => {
    expect(await simulator?.stop()).toBe(0);
  });

  it('announces itself with one JSON line and holds a few thousand people', async () => {
    const [line] = simulator.output().trim().split('\n');
    expect(JSON.parse(line)).toMatchObject({ event: 'listening', url: simulator.url, population: 'generated' });
    const health = (await (await fetch(`${simulator.url}/health`)).json()) as { persons: number };
    expect(health.persons).toBeGreaterThan(3000);
    expect(health.persons).toBeLessThan(10_000);
  });

  it.each(['adult', 'child', 'deceased', 'nonDisclosure', 'noHomeMunicipality', 'guardian'])('has %s people', async (kind) => {
    const { status, body } = await sample(`kind=${kind}&limit=20`);
    expect(status).toBe(200);
    expect(body.personIds).toHaveLength(20);
    for (const id of body.personIds) {
      const parsed = parseIdentityCode(id);
      expect(parsed).toMatchObject({ ok: true, temporary: false });
    }
  });

  it('has adults in every one of the 309 municipalities', async () => {
    const topo = JSON.parse(readFileSync(join(__dirname, '../../prisma/data/finland-municipalities-2021.topo.json'), 'utf8'));
    const codes: string[] = topo.objects.munis.geometries.map((g: { properties: { id: string } }) => g.properties.id);
    expect(codes).toHaveLength(309);
    const counts = await Promise.all(codes.map(async (code) => (await sample(`kind=adult&municipalityCode=${code}&limit=3`)).body.personIds.length));
    expect(counts.every((n) => n === 3)).toBe(true);
  });

  it('has children of every age from 0 to 17 with guardians', async () => {
    for (let age = 0; age <= 17; age++) {
      const { body } = await sample(`kind=child&minAge=${age}&maxAge=${age}&limit=3`);
      expect(body.persons).toHaveLength(3);
      expect(body.persons.every((p) => p.age === age)).toBe(true);
    }
    const { body } = await sample('kind=guardian&limit=1');
    expect(body.persons[0].guardianOf.length).toBeGreaterThan(0);
  });

  it('has every kind of missing Finnish home municipality', async () => {
    const { body } = await sample('kind=noHomeMunicipality&limit=1000');
    const codes = new Set(body.persons.map((p) => p.homeMunicipalityCode));
    expect(codes).toEqual(new Set(['198', '199', '200', null]));
  });

  it('uses old and new century signs', async () => {
    const { body } = await sample('kind=adult&limit=1000');
    const signs = new Set(body.personIds.map((id) => id[6]));
    expect(signs.has('-')).toBe(true);
    expect([...signs].some((s) => 'YXWVU'.includes(s))).toBe(true);
  });

  it('refuses an unknown kind', async () => {
    expect(await sample('kind=alien')).toEqual({
      status: 400,
      body: { error: 'kind must be one of adult, child, deceased, nonDisclosure, noHomeMunicipality, guardian' },
    });
  });
});
