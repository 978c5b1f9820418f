// Personal data in Temporal, on the real system: after a login check and a pre-survey answer, the
// workflow histories as the server stores them (read with a client that has no codec) hold no identity
// code, no contact e-mail and no consortium name in clear; the codec endpoint decodes them for an
// operator only, with the CORS the Temporal UI needs.
import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import request from 'supertest';
import { ENCODING, EncryptionCodec, METADATA_KEY_ID } from '../../src/codec/encryption-codec';
import { eligibilityShardOf, eligibilityShardWorkflowId } from '../../workflows/eligibility/contract';
import { onboardingWorkflowId } from '../../workflows/onboarding/contract';
import { FIXTURE, ID } from '../register/support/fixture-population';
import { SimulatorProcess, startSimulator, writePopulation } from '../register/support/simulator-process';
import { startTestStack, type TestStack } from '../support/stack';

type History = temporal.api.history.v1.IHistory;

const CONSORTIUM = { id: 'kirkes', name: 'Kirkes-kirjastot', member: '186' };
const CONTACT_EMAIL = 'salainen.yhteyshenkilo@jarvenpaa.example';

/** Every string and every byte string (as Latin-1) in the history: what someone reading the store sees. */
function readable(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('latin1'));
  else if (Array.isArray(value)) for (const v of value) readable(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(k), readable(v, out);
  return out;
}

/**
 * Payloads no codec encodes: search attributes (the server indexes them) and the bookkeeping record
 * the SDK core writes itself into a local activity's marker (`details.data`: sequence number,
 * activity type, times; the activity's result next to it, `details.result`, is encrypted).
 */
// Marker details other than an activity's result: local-activity bookkeeping and patch ids.
const NOT_ENCODABLE = [/\.searchAttributes\./, /\.markerRecordedEventAttributes\.details\.(?!result\.)/];

/** The Payload objects (metadata + data) in the history: the encodable ones, or the others. */
function payloadsIn(value: unknown, encodable = true, path = '', out: Payload[] = []): Payload[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return out;
  const o = value as Record<string, unknown>;
  if (!Array.isArray(o) && o.metadata && typeof o.metadata === 'object' && 'data' in o) {
    if (NOT_ENCODABLE.some((re) => re.test(path)) !== encodable) out.push(o as Payload);
    return out;
  }
  for (const [k, v] of Object.entries(o)) payloadsIn(v, encodable, `${path}.${k}`, out);
  return out;
}

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('latin1');
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

describe('personal data in Temporal', () => {
  let stack: TestStack;
  let simulator: SimulatorProcess;
  let population: { file: string; remove(): void };
  let rawClient: Client;
  const histories: Record<'eligibility' | 'onboarding', History> = {} as never;
  const http = () => request(stack.app.getHttpServer());
  const auth = async (role: keyof TestStack['tokens']) => ({ authorization: `Bearer ${stack.tokens[role]}` });

  beforeAll(async () => {
    population = writePopulation(FIXTURE);
    simulator = await startSimulator({ REGISTER_SIM_POPULATION: population.file });
    stack = await startTestStack({ REGISTER_URL: simulator.url });
    // The server's view: a client with the default data converter (no codec).
    rawClient = new Client({ connection: stack.env.connection, namespace: stack.config.TEMPORAL_NAMESPACE });

    const check = await http().post('/eligibility/checks').set(await auth('login-service')).send({ personId: ID.child, guardianId: ID.guardian }).expect(200);
    expect(check.body.decision).toMatch(/ALLOW|DENY/);
    await http().post(`/consortia/${CONSORTIUM.id}/onboarding`).set(await auth('staff')).expect(201);
    const survey = await http()
      .post(`/municipalities/${CONSORTIUM.member}/survey`)
      .set(await auth('staff'))
      .send({ intendsToJoin: true, desiredSchedule: 'first round', contactEmail: CONTACT_EMAIL })
      .expect(200);
    expect(JSON.stringify(survey.body)).toContain(CONTACT_EMAIL); // the API's own client decrypts

    histories.eligibility = await rawClient.workflow.getHandle(eligibilityShardWorkflowId(eligibilityShardOf(check.body.checkId))).fetchHistory();
    histories.onboarding = await rawClient.workflow.getHandle(onboardingWorkflowId(CONSORTIUM.id)).fetchHistory();
  });
  afterAll(async () => {
    await stack?.stop();
    await simulator?.stop();
    population?.remove();
  });

  it('stores no identity code, contact e-mail or consortium name in clear in the histories', () => {
    const stored = [...readable(histories.eligibility), ...readable(histories.onboarding)].join('\n');
    expect(stored.length).toBeGreaterThan(1000);
    for (const secret of [ID.child, ID.guardian, CONTACT_EMAIL, CONSORTIUM.name]) expect(stored).not.toContain(secret);
    // Not even the digits of an identity code without the century sign.
    expect(stored).not.toContain(ID.child.slice(0, 6) + ID.child.slice(7));
  });

  it('encrypts every payload of both histories (inputs, update arguments and results, memo, markers)', () => {
    const payloads = [...payloadsIn(histories.eligibility), ...payloadsIn(histories.onboarding)];
    expect(payloads.length).toBeGreaterThan(5);
    for (const p of payloads) {
      expect(text(p.metadata!.encoding)).toBe(ENCODING);
      expect(text(p.metadata![METADATA_KEY_ID])).toMatch(/\S/);
    }
    const started = histories.onboarding.events![0].workflowExecutionStartedEventAttributes!;
    expect(text(started.memo!.fields!.consortiumName.metadata!.encoding)).toBe(ENCODING);
  });

  it('leaves only search attributes, local-activity bookkeeping and patch markers unencrypted, with nothing personal in them', () => {
    const values = [...payloadsIn(histories.eligibility, false), ...payloadsIn(histories.onboarding, false)].map((p) => JSON.parse(text(p.data)));
    expect(values).toContain(CONSORTIUM.id);
    for (const v of values) {
      // Patch markers: the patch id and its deprecation flag, written by the SDK's core.
      // (a run that took several patches lists them all)
      if (Array.isArray(v)) expect(v).toEqual(v.map(() => expect.stringMatching(/^[a-z0-9-]{1,40}$/)));
      else if (v && typeof v === 'object' && 'deprecated' in v) expect(v).toEqual({ id: expect.stringMatching(/^[a-z0-9-]{1,40}$/), deprecated: expect.any(Boolean) });
      else if (v && typeof v === 'object') expect(Object.keys(v).sort()).toEqual(['activity_id', 'activity_type', 'attempt', 'backoff', 'complete_time', 'original_schedule_time', 'seq']);
      else expect(v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(v))).toBe(true);
    }
  });

  it('holds the data, decryptable with the key (so the search above could have found it)', async () => {
    const codec = stack.app.get(EncryptionCodec);
    const decoded = async (h: History) => readable(await codec.decode(payloadsIn(h))).join('\n');
    const eligibility = await decoded(histories.eligibility);
    expect(eligibility).toContain(ID.child);
    expect(eligibility).toContain(ID.guardian);
    const onboarding = await decoded(histories.onboarding);
    expect(onboarding).toContain(CONTACT_EMAIL);
    expect(onboarding).toContain(CONSORTIUM.name);
  });

  describe('the codec endpoint', () => {
    // The check's input: the argument of its update in the shard's history.
    const input = () =>
      histories.eligibility.events!
        .find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)!
        .workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads!.map((p) => toJson(p as Payload));

    it('refuses callers without a token or without the operator role', async () => {
      const body = { payloads: input() };
      const none = await http().post('/codec/decode').send(body);
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      for (const role of ['staff', 'login-service'] as const) {
        const res = await http().post('/codec/decode').set(await auth(role)).send(body);
        expect(res.status).toBe(403);
        expect(JSON.stringify(res.body)).not.toContain(ID.child);
      }
    });

    it('decodes for an operator, the way the UI asks (with its query string and x-namespace)', async () => {
      const res = await http()
        .post('/codec/decode?preserveStorageRefs=true')
        .set(await auth('operator'))
        .set('x-namespace', 'default')
        .send({ payloads: input() })
        .expect(200);
      const [payload] = res.body.payloads;
      expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('json/plain');
      // Decoded for people: readable, but without who logged in.
      const decoded = JSON.parse(Buffer.from(payload.data, 'base64').toString());
      expect(decoded).toMatchObject({ request: { personId: '[henkilötunnus]', guardianId: '[henkilötunnus]' }, budgetMs: expect.any(Number) });
      expect(JSON.stringify(decoded)).not.toContain(ID.child);
    });

    it('encodes for an admin, and what it encodes decodes back; an altered payload is refused', async () => {
      const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"signal":"hello"}').toString('base64') };
      const encoded = await http().post('/codec/encode').set(await auth('admin')).send({ payloads: [plain] }).expect(200);
      expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCODING);
      const decoded = await http().post('/codec/decode').set(await auth('admin')).send(encoded.body).expect(200);
      expect(decoded.body.payloads).toEqual([plain]);

      const altered = structuredClone(encoded.body.payloads[0]);
      const bytes = Buffer.from(altered.data, 'base64');
      bytes[bytes.length - 1] ^= 1;
      altered.data = bytes.toString('base64');
      const res = await http().post('/codec/decode').set(await auth('admin')).send({ payloads: [altered] });
      expect(res.status).toBe(422);
      expect(res.body.detail).toMatch(/payloads\[0\] cannot be decrypted.*altered/);
    });

    it('rejects a malformed body with 400', async () => {
      const res = await http().post('/codec/decode').set(await auth('operator')).send({ payloads: [{ data: '***' }] });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('payloads[0]');
    });

    it.each(['http://localhost:8233', 'http://127.0.0.1:8233'])('answers the preflight of the UI at %s with its exact origin', async (origin) => {
      const res = await http()
        .options('/codec/decode?preserveStorageRefs=true')
        .set('origin', origin)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type,x-namespace')
        .expect(204);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
      expect(res.headers['access-control-allow-headers']).toBe('content-type, x-namespace, authorization');
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers.vary).toMatch(/Origin/);
    });

    it('gives the UI CORS headers on refusals too, so it can show why; other origins get none', async () => {
      const refused = await http().post('/codec/decode').set('origin', 'http://localhost:8233').send({ payloads: [] });
      expect(refused.status).toBe(401);
      expect(refused.headers['access-control-allow-origin']).toBe('http://localhost:8233');
      const preflight = await http().options('/codec/encode').set('origin', 'http://evil.example').set('access-control-request-method', 'POST');
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const post = await http().post('/codec/decode').set('origin', 'http://evil.example').set(await auth('operator')).send({ payloads: [] });
      expect(post.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
