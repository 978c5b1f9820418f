// One consortium from its first survey answer to LIVE through HTTP alone, on the real dev server,
// with the database checked and a resident's eligibility following the go-live.
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleLibrarySystemRequest } from '../../src/stand-ins/library-systems';
import { generateIdentityCode, helsinkiDate } from '../../workflows/eligibility/identity-code';
import { SimulatorProcess, startSimulator, writePopulation } from '../register/support/simulator-process';
import { startTestStack, TestStack } from '../support/stack';
import { onboardingWorkflowId } from '../../workflows/onboarding/contract';

const today = () => {
  const d = helsinkiDate(Date.now());
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
};

describe('consortium onboarding through the API, to LIVE', () => {
  let stack: TestStack;
  let librarySystems: Server;
  let simulator: SimulatorProcess;
  let population: { file: string; remove(): void };
  const resident = generateIdentityCode({ year: 1979, month: 6, day: 1 }, 321);
  const http = () => stack.http('staff');
  let members: string[];

  beforeAll(async () => {
    librarySystems = createServer((req, res) => {
      if (!handleLibrarySystemRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => librarySystems.listen(0, '127.0.0.1', resolve));
    const { port } = librarySystems.address() as AddressInfo;
    population = writePopulation([{ personId: resident, homeMunicipalityCode: '186', nonDisclosure: false, deceased: false, guardianOf: [] }]);
    simulator = await startSimulator({ REGISTER_SIM_POPULATION: population.file });
    stack = await startTestStack({
      LIBRARY_SYSTEM_URL_TEMPLATE: `http://127.0.0.1:${port}/library-systems/{consortiumId}/health`,
      REGISTER_URL: simulator.url,
    });
    members = (await http().get('/consortia/kirkes').expect(200)).body.municipalityCodes;
  });
  afterAll(async () => {
    await stack?.stop();
    await simulator?.stop();
    population?.remove();
    await new Promise((resolve) => librarySystems?.close(resolve));
  });

  /** The statuses of a consortium's runs, once visibility (eventually consistent) shows what is expected. */
  const onboardingRunStatuses = async (consortiumId: string, expected: string[], timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses: string[] = [];
      for await (const run of stack.env.client.workflow.list({ query: `WorkflowId = "${onboardingWorkflowId(consortiumId)}"` })) {
        statuses.push(run.status.name);
      }
      statuses.sort();
      if (JSON.stringify(statuses) === JSON.stringify(expected) || Date.now() > deadline) return statuses;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const waitForPhase = async (phase: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = (await http().get('/consortia/kirkes/onboarding').expect(200)).body;
      if (state.phase === phase) return state;
      if (Date.now() > deadline) throw new Error(`still in ${state.phase}, expected ${phase}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('refuses steps before the onboarding exists', async () => {
    const res = await http()
      .post(`/municipalities/${members[0]}/survey`)
      .send({ intendsToJoin: true, desiredSchedule: 'first round', contactEmail: 'kirjasto@example.fi' })
      .expect(409);
    expect(res.body.detail).toMatch(/No onboarding has been started for consortium "kirkes"/);
  });

  it('goes from SURVEY to LIVE, the database and eligibility following', async () => {
    const round = { name: `today-${Date.now()}`, signingDeadline: today(), goLiveDate: today() };
    await http().post('/joining-rounds').send(round).expect(201);
    await http().post('/joining-rounds').send(round).expect(200);
    await http().post('/joining-rounds').send({ ...round, goLiveDate: '2099-01-01' }).expect(409);

    await http().post('/consortia/kirkes/onboarding').expect(201);
    expect((await stack.http('login-service').post('/eligibility/checks').send({ personId: resident }).expect(200)).body.reason).toBe('MUNICIPALITY_NOT_JOINED');

    const signature = { signedOn: today(), signatory: 'Kirjastotoimenjohtaja' };
    const early = await http().post(`/municipalities/${members[0]}/signature`).send(signature).expect(409);
    expect(early.body.detail).toMatch(/has not answered the pre-survey/);

    for (const code of members) {
      await http()
        .post(`/municipalities/${code}/survey`)
        .send({ intendsToJoin: true, desiredSchedule: 'first round', contactEmail: `kirjasto-${code}@example.fi` })
        .expect(200);
    }
    expect((await http().get('/consortia/kirkes/onboarding').expect(200)).body.phase).toBe('SIGNATURES');

    for (const code of members.slice(0, -1)) {
      await http().post(`/municipalities/${code}/signature`).send(signature).expect(200);
    }
    // Every member must sign: one missing keeps the consortium in SIGNATURES.
    expect((await http().get('/consortia/kirkes/onboarding').expect(200)).body.phase).toBe('SIGNATURES');
    await http().post('/consortia/kirkes/integration/patron-authentication/complete').expect(409);

    const last = members[members.length - 1];
    await http().post(`/municipalities/${last}/signature`).send(signature).expect(200);
    await http().post(`/municipalities/${last}/signature`).send(signature).expect(200);
    const changed = await http().post(`/municipalities/${last}/signature`).send({ ...signature, signatory: 'Someone else' }).expect(409);
    expect(changed.body.detail).toMatch(/already signed/);

    const integrating = await http().get('/consortia/kirkes/onboarding').expect(200);
    expect(integrating.body.phase).toBe('INTEGRATION');
    await http().post('/consortia/kirkes/integration/no-such-step/complete').expect(404);
    await http().post('/consortia/kirkes/integration/app-presence/complete').expect(409);
    await http().post('/consortia/kirkes/integration/patron-authentication/complete').expect(200);
    await http().post('/consortia/kirkes/integration/app-presence/complete').expect(200);

    const live = await waitForPhase('LIVE');
    expect(live.round).toEqual({ name: round.name, signingDeadline: round.signingDeadline, goLiveDate: round.goLiveDate });
    expect(live.integration.every((s: { status: string }) => s.status === 'DONE')).toBe(true);

    const joined = await http().get('/municipalities?joined=true').expect(200);
    expect(joined.body.map((m: { code: string }) => m.code).sort()).toEqual([...members].sort());
    expect(joined.body.every((m: { joinedAt: string }) => m.joinedAt === today())).toBe(true);

    const eligibility = await stack.http('login-service').post('/eligibility/checks').send({ personId: resident }).expect(200);
    expect(eligibility.body).toMatchObject({ decision: 'ALLOW', municipalityCode: '186' });

    const after = await http().post(`/municipalities/${members[0]}/survey`)
      .send({ intendsToJoin: false, desiredSchedule: 'later', contactEmail: 'x@example.fi' })
      .expect(409);
    expect(after.body.detail).toMatch(/kirkes/);
    await http().post('/consortia/kirkes/onboarding/withdraw').send({ reason: 'too late' }).expect(409);
  });

  it('rejects malformed staff input with 400 and leaves the state as it was', async () => {
    await http().post('/consortia/vaski/onboarding').expect(201);
    const before = (await http().get('/consortia/vaski/onboarding').expect(200)).body;
    const vaskiMember = before.members[0].code;
    const bad = [
      { intendsToJoin: 'yes', desiredSchedule: 'x', contactEmail: 'a@b.fi' },
      { intendsToJoin: true, desiredSchedule: 'x', contactEmail: 'not-an-email' },
      { intendsToJoin: true, desiredSchedule: 'x' },
      { intendsToJoin: true, desiredSchedule: 'x', contactEmail: 'a@b.fi', extra: 1 },
    ];
    for (const body of bad) {
      const res = await http().post(`/municipalities/${vaskiMember}/survey`).send(body).expect(400);
      expect(res.body.detail).toMatch(/The request is invalid/);
    }
    await http().post(`/municipalities/${vaskiMember}/signature`).send({ signedOn: '2024-02-30', signatory: 'x' }).expect(400);
    await http().post('/municipalities/999/survey').send({ intendsToJoin: true, desiredSchedule: 'x', contactEmail: 'a@b.fi' }).expect(404);
    await http().post('/consortia/vaski/onboarding/withdraw').send({}).expect(400);
    await http().post('/joining-rounds').send({ name: 'r', signingDeadline: '2025-05-01', goLiveDate: '2025-04-01' }).expect(422);
    const after = (await http().get('/consortia/vaski/onboarding').expect(200)).body;
    // Reminders may have gone out meanwhile (the workflow's own doing); what staff record is unchanged.
    expect({ phase: after.phase, members: after.members }).toEqual({ phase: before.phase, members: before.members });
  });

  it('moves a municipality between consortia, the running onboardings and the database agreeing', async () => {
    await http().post('/consortia/kainet/onboarding').expect(201);
    const kainet = (await http().get('/consortia/kainet').expect(200)).body.municipalityCodes as string[];
    const moving = kainet[0];

    const out = await http().post(`/municipalities/${moving}/consortium`).send({ consortiumId: 'sotkamo' }).expect(200);
    expect(out.body.to).toEqual({ consortiumId: 'sotkamo', onboarding: null });
    expect(out.body.from.onboarding.members.map((m: { code: string }) => m.code)).not.toContain(moving);
    expect((await http().get(`/municipalities/${moving}`).expect(200)).body.consortiumId).toBe('sotkamo');

    const back = await http().post(`/municipalities/${moving}/consortium`).send({ consortiumId: 'kainet' }).expect(200);
    expect(back.body.to.onboarding.members.map((m: { code: string }) => m.code)).toContain(moving);
    expect((await http().get('/consortia/kainet').expect(200)).body.municipalityCodes).toEqual(kainet);

    // Sotkamo alone, its onboarding running: it cannot lose its only member.
    await http().post('/consortia/sotkamo/onboarding').expect(201);
    const lastMember = await http().post('/municipalities/765/consortium').send({ consortiumId: 'kainet' }).expect(422);
    expect(lastMember.body.detail).toMatch(/last member/);
    expect((await http().get('/municipalities/765').expect(200)).body.consortiumId).toBe('sotkamo');

    // A live municipality stays where it went live.
    const liveMember = (await http().get('/consortia/kirkes').expect(200)).body.municipalityCodes[0];
    await http().post(`/municipalities/${liveMember}/consortium`).send({ consortiumId: 'kainet' }).expect(409);
    await http().post('/municipalities/765/consortium').send({ consortiumId: 'no-such' }).expect(404);
    await http().post('/municipalities/765/consortium').send({ consortiumId: 'Bad Id' }).expect(400);
  });

  it('withdraws an onboarding on staff request, and starts a new one when asked again', async () => {
    const res = await http().post('/consortia/vaski/onboarding/withdraw').send({ reason: 'The council postponed joining' }).expect(200);
    expect(res.body).toMatchObject({ phase: 'WITHDRAWN', withdrawalReason: 'The council postponed joining' });

    const again = await http().post('/consortia/vaski/onboarding').expect(201);
    expect(again.body).toMatchObject({ phase: 'SURVEY', withdrawnAt: null, withdrawalReason: null });
    expect(again.body.members.every((m: { surveyAnsweredAt: string | null }) => m.surveyAnsweredAt === null)).toBe(true);
    // While it runs, starting is idempotent again.
    expect((await http().post('/consortia/vaski/onboarding').expect(200)).body.phase).toBe('SURVEY');
    expect((await http().get('/consortia/vaski/onboarding').expect(200)).body.phase).toBe('SURVEY');

    // The withdrawn run stays in Temporal, under the same workflow id.
    expect(await onboardingRunStatuses('vaski', ['COMPLETED', 'RUNNING'])).toEqual(['COMPLETED', 'RUNNING']);
  });

  it('restarts a withdrawn onboarding once when two restarts race', async () => {
    await http().post('/consortia/vaski/onboarding/withdraw').send({ reason: 'Not this year after all' }).expect(200);
    const both = await Promise.all([http().post('/consortia/vaski/onboarding'), http().post('/consortia/vaski/onboarding')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(both.every((r) => r.body.phase === 'SURVEY')).toBe(true);
    const three = ['COMPLETED', 'COMPLETED', 'RUNNING'];
    expect(await onboardingRunStatuses('vaski', three)).toEqual(three);
  });

  it('keeps a LIVE onboarding: starting it again answers 200 with the live state', async () => {
    const res = await http().post('/consortia/kirkes/onboarding').expect(200);
    expect(res.body.phase).toBe('LIVE');
  });

  it('binds a staff Idempotency-Key to its route, target and body', async () => {
    await http().post('/consortia/outi/onboarding').expect(201);
    const [first, second] = (await http().get('/consortia/outi').expect(200)).body.municipalityCodes as string[];
    const answer = { intendsToJoin: true, desiredSchedule: 'first round', contactEmail: 'kirjasto@example.fi' };
    const key = `survey-${Date.now()}`;

    await http().post(`/municipalities/${first}/survey`).set('idempotency-key', key).send(answer).expect(200);
    await http().post(`/municipalities/${first}/survey`).set('idempotency-key', key).send(answer).expect(200);

    const otherTarget = await http().post(`/municipalities/${second}/survey`).set('idempotency-key', key).send(answer).expect(422);
    expect(otherTarget.body.detail).toMatch(/used for a different request/);
    await http().post(`/municipalities/${first}/survey`).set('idempotency-key', key).send({ ...answer, desiredSchedule: 'later' }).expect(422);
    await http().post('/consortia/outi/onboarding/withdraw').set('idempotency-key', key).send({ reason: 'x' }).expect(422);

    const state = (await http().get('/consortia/outi/onboarding').expect(200)).body;
    expect(state.phase).toBe('SURVEY');
    expect(state.members.find((m: { code: string }) => m.code === first).desiredSchedule).toBe('first round');
    expect(state.members.find((m: { code: string }) => m.code === second).surveyAnsweredAt).toBeNull();

    // Two requests with one new key and different bodies at once: one is applied, the other refused.
    const raced = `raced-${Date.now()}`;
    const both = await Promise.all(
      [first, second].map((code) => http().post(`/municipalities/${code}/survey`).set('idempotency-key', raced).send({ ...answer, desiredSchedule: `raced ${code}` })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 422]);
    const winner = [first, second][both.findIndex((r) => r.status === 200)];
    const after = (await http().get('/consortia/outi/onboarding').expect(200)).body;
    expect(after.members.filter((m: { desiredSchedule: string }) => m.desiredSchedule?.startsWith('raced')).map((m: { code: string }) => m.code)).toEqual([winner]);
  });
});
