// Membership moves through HTTP on a real dev server: the answers travel with the municipality, a
// refusal leaves every part as it was, moves into scheduled, live or withdrawn consortia are refused
// with a reason, and a consortium emptied by a move cannot start an onboarding.
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleLibrarySystemRequest } from '../../src/stand-ins/library-systems';
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import { startTestStack, TestStack } from '../support/stack';

const today = () => {
  const d = helsinkiDate(Date.now());
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
};

interface Member {
  code: string;
  surveyAnsweredAt: string | null;
  signedOn: string | null;
  contactEmail: string | null;
}

describe('membership moves through the API', () => {
  let stack: TestStack;
  let librarySystems: Server;
  const http = () => stack.http('staff');
  const membersOf = async (id: string): Promise<string[]> => (await http().get(`/consortia/${id}`).expect(200)).body.municipalityCodes;
  const onboarding = async (id: string) => (await http().get(`/consortia/${id}/onboarding`).expect(200)).body;
  const member = async (id: string, code: string): Promise<Member | undefined> => (await onboarding(id)).members.find((m: Member) => m.code === code);
  const answer = (code: string, email = `kirjasto-${code}@example.fi`) =>
    http().post(`/municipalities/${code}/survey`).send({ intendsToJoin: true, desiredSchedule: 'first round', contactEmail: email }).expect(200);
  const sign = (code: string) => http().post(`/municipalities/${code}/signature`).send({ signedOn: today(), signatory: 'Kunnanjohtaja' }).expect(200);
  const moveTo = (code: string, consortiumId: string, key?: string) => {
    const req = http().post(`/municipalities/${code}/consortium`);
    return (key ? req.set('idempotency-key', key) : req).send({ consortiumId });
  };
  const waitForPhase = async (id: string, phase: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await onboarding(id);
      if (state.phase === phase) return state;
      if (Date.now() > deadline) throw new Error(`${id} still in ${state.phase}, expected ${phase}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  let single: { id: string; code: string };
  let kirkes: string[];

  beforeAll(async () => {
    librarySystems = createServer((req, res) => {
      if (!handleLibrarySystemRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => librarySystems.listen(0, '127.0.0.1', resolve));
    const { port } = librarySystems.address() as AddressInfo;
    stack = await startTestStack({ LIBRARY_SYSTEM_URL_TEMPLATE: `http://127.0.0.1:${port}/library-systems/{consortiumId}/health` });
    const consortia: { id: string; municipalityCodes: string[] }[] = (await http().get('/consortia').expect(200)).body;
    const standalone = consortia.filter((c) => c.municipalityCodes.length === 1);
    single = { id: standalone[0].id, code: standalone[0].municipalityCodes[0] };
    kirkes = await membersOf('kirkes');
    await http().post('/consortia/kirkes/onboarding').expect(201);
    await http().post('/consortia/helmet/onboarding').expect(201);
    await answer(kirkes[0], 'kirjasto@jarvenpaa.fi');
    await sign(kirkes[0]);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => librarySystems?.close(resolve));
  });

  it('refuses a move into a SCHEDULED consortium and keeps the member\'s answers and the source\'s phase', async () => {
    await http().post(`/consortia/${single.id}/onboarding`).expect(201);
    await answer(single.code);
    await sign(single.code);
    await waitForPhase(single.id, 'INTEGRATION');
    await http().post(`/consortia/${single.id}/integration/patron-authentication/complete`).expect(200);
    await http().post(`/consortia/${single.id}/integration/app-presence/complete`).expect(200);
    await waitForPhase(single.id, 'SCHEDULED');

    const before = await onboarding('kirkes');
    const refused = await moveTo(kirkes[0], single.id).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toMatch(new RegExp(`Consortium ${single.id} is scheduled to go live.*can no longer change`));
    const after = await onboarding('kirkes');
    expect(after.phase).toBe(before.phase);
    expect(after.members).toEqual(before.members);
    expect((await member('kirkes', kirkes[0]))?.signedOn).toBe(today());
    expect(await membersOf('kirkes')).toEqual(kirkes);
  }, 60_000);

  it('refuses a move into a LIVE consortium with a 409 that says why', async () => {
    await http().post('/joining-rounds').send({ name: `tänään-${Date.now()}`, signingDeadline: today(), goLiveDate: today() }).expect(201);
    await waitForPhase(single.id, 'LIVE');
    const refused = await moveTo(kirkes[1], single.id).expect(409);
    expect(refused.body.detail).toMatch(new RegExp(`Consortium ${single.id} is already live: a municipality moved into it now would not be joined`));
    expect(await membersOf(single.id)).toEqual([single.code]);
    expect((await http().get(`/municipalities/${kirkes[1]}`).expect(200)).body).toMatchObject({ consortiumId: 'kirkes', joined: false });
  }, 60_000);

  it('refuses a move into a WITHDRAWN consortium with a 409 that says why', async () => {
    await http().post('/consortia/vaski/onboarding').expect(201);
    await http().post('/consortia/vaski/onboarding/withdraw').send({ reason: 'The council decided not to join this year' }).expect(200);
    const refused = await moveTo(kirkes[1], 'vaski').expect(409);
    expect(refused.body.detail).toMatch(/onboarding of consortium vaski was withdrawn; start it again/);
    expect(await membersOf('kirkes')).toEqual(kirkes);
  }, 60_000);

  it('moves a municipality with its survey answer and signature; the same key answers the same move', async () => {
    const before = await member('kirkes', kirkes[0]);
    const moved = await moveTo(kirkes[0], 'helmet', 'move-jarvenpaa-1').expect(200);
    expect(moved.body).toMatchObject({
      moved: true,
      municipality: { code: kirkes[0], consortiumId: 'helmet' },
      carried: before,
      from: { consortiumId: 'kirkes' },
      to: { consortiumId: 'helmet' },
    });
    expect(await member('helmet', kirkes[0])).toEqual(before);
    expect(await member('kirkes', kirkes[0])).toBeUndefined();
    expect(await membersOf('helmet')).toContain(kirkes[0]);
    const again = await moveTo(kirkes[0], 'helmet', 'move-jarvenpaa-1').expect(200);
    expect(again.body.moveId).toBe(moved.body.moveId);
    expect(again.body.moved).toBe(true);
    // Without a key, repeating it changes nothing.
    expect((await moveTo(kirkes[0], 'helmet').expect(200)).body.moved).toBe(false);
  }, 60_000);

  it('refuses to move answers into a consortium whose onboarding has not started', async () => {
    await answer(kirkes[1]);
    const refused = await moveTo(kirkes[1], 'outi').expect(409);
    expect(refused.body.detail).toMatch(/has answered the pre-survey.*start it first \(POST \/consortia\/outi\/onboarding\)/);
    expect((await member('kirkes', kirkes[1]))?.surveyAnsweredAt).not.toBeNull();
  }, 60_000);

  it('refuses to start an onboarding for a consortium that a move emptied', async () => {
    const consortia: { id: string; municipalityCodes: string[] }[] = (await http().get('/consortia').expect(200)).body;
    const lonely = consortia.find((c) => c.municipalityCodes.length === 1 && c.id !== single.id)!;
    await moveTo(lonely.municipalityCodes[0], 'helmet').expect(200);
    expect(await membersOf(lonely.id)).toEqual([]);
    const refused = await http().post(`/consortia/${lonely.id}/onboarding`).expect(409);
    expect(refused.body.detail).toMatch(new RegExp(`Consortium "${lonely.id}" has no member municipalities`));
    await http().get(`/consortia/${lonely.id}/onboarding`).expect(409);
  }, 60_000);
});
