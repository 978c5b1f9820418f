// The payload codec and the failure converter on their own: encryption format, key rotation, tampering,
// configuration rules, development keys, identity codes kept out of failure messages.
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  decodeFromPayloadsAtIndex,
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
  encodeToPayloads,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Global, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { z } from 'zod';
import { AuthModule } from '../../src/auth/auth.module';
import { signDevToken } from '../../src/auth/dev-signing-key';
import { CodecModule } from '../../src/codec/codec.module';
import { AppConfig, loadConfig } from '../../src/config/config';
import { APP_CONFIG } from '../../src/config/config.module';
import { installJsonBody } from '../../src/http/json-body';
import { ProblemFilter } from '../../src/http/problem';
import { codecConfigProblems, codecConfigShape, type CodecConfig } from '../../src/codec/codec.config';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../../src/codec/data-converter';
import { ENCODING, EncryptionCodec, METADATA_KEY_ID, PayloadDecryptionError } from '../../src/codec/encryption-codec';
import { failureConverter, redactIdentityCodes } from '../../src/codec/failure-converter';
import { resolvePayloadKeys } from '../../src/codec/payload-keys';
import { generateIdentityCode } from '../../workflows/eligibility/identity-code';

const PERSON = generateIdentityCode({ year: 1980, month: 1, day: 15 }, 101);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('latin1');
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value)!;
const value = (payload: Payload) => defaultPayloadConverter.fromPayload(payload);

function codecConfig(env: Record<string, string>): CodecConfig {
  return { ...z.object(codecConfigShape).parse(env), NODE_ENV: (env.NODE_ENV ?? 'test') as CodecConfig['NODE_ENV'] };
}

describe('EncryptionCodec (AES-256-GCM)', () => {
  const codecA = new EncryptionCodec({ A: keyA }, 'A');

  it('encrypts the whole payload, metadata included, and labels it binary/encrypted with the key id', async () => {
    const [encrypted] = await codecA.encode([plain({ personId: PERSON, contactEmail: 'kirjasto@example.fi' })]);
    expect(text(encrypted.metadata!.encoding)).toBe(ENCODING);
    expect(text(encrypted.metadata![METADATA_KEY_ID])).toBe('A');
    expect(Object.keys(encrypted.metadata!).sort()).toEqual(['encoding', METADATA_KEY_ID].sort());
    expect(text(encrypted.data)).not.toContain(PERSON);
    expect(text(encrypted.data)).not.toContain('json/plain');
    const [decrypted] = await codecA.decode([encrypted]);
    expect(value(decrypted)).toEqual({ personId: PERSON, contactEmail: 'kirjasto@example.fi' });
  });

  it('uses a fresh IV every time: the same value never gives the same ciphertext', async () => {
    const [a, b] = await codecA.encode([plain('same'), plain('same')]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('still decrypts payloads of a retired key after rotation, and encrypts new ones with the new key', async () => {
    const [old] = await codecA.encode([plain({ personId: PERSON })]);
    const rotated = new EncryptionCodec({ A: keyA, B: keyB }, 'B');
    const [fresh] = await rotated.encode([plain('new')]);
    expect(text(fresh.metadata![METADATA_KEY_ID])).toBe('B');
    const [oldBack, freshBack] = await rotated.decode([old, fresh]);
    expect(value(oldBack)).toEqual({ personId: PERSON });
    expect(value(freshBack)).toBe('new');
    // Without key A, A's payloads are unreadable, with a message naming the key to add.
    await expect(new EncryptionCodec({ B: keyB }, 'B').decode([old])).rejects.toThrow(/unknown key id "A"/);
  });

  it.each([
    ['a flipped ciphertext bit', (p: Payload) => ({ ...p, data: flip(p.data!, 20) })],
    ['a flipped tag bit', (p: Payload) => ({ ...p, data: flip(p.data!, p.data!.length - 1) })],
    ['a flipped IV bit', (p: Payload) => ({ ...p, data: flip(p.data!, 0) })],
    ['a truncated payload', (p: Payload) => ({ ...p, data: p.data!.subarray(0, 20) })],
    ['another key id on the same ciphertext', (p: Payload) => ({ ...p, metadata: { ...p.metadata, [METADATA_KEY_ID]: Buffer.from('B') } })],
  ])('refuses %s', async (_, tamper) => {
    const both = new EncryptionCodec({ A: keyA, B: keyA }, 'A'); // same key under both ids: only the AAD tells them apart
    const [encrypted] = await both.encode([plain({ personId: PERSON })]);
    await expect(both.decode([tamper(encrypted)])).rejects.toThrow(PayloadDecryptionError);
  });

  it('passes payloads it did not encrypt through unchanged', async () => {
    const unencrypted = plain({ note: 'written before encryption was on' });
    const [back] = await codecA.decode([unencrypted]);
    expect(back).toBe(unencrypted);
  });

  it('is the data converter of clients and workers: encodes values and failures, and decodes them back', async () => {
      const converter = loadDataConverter(
        createDataConverter(codecConfig({ PAYLOAD_KEYS: JSON.stringify({ k1: keyA.toString('base64') }), PAYLOAD_KEY_ID: 'k1' })),
      );
      const payloads = await encodeToPayloads(converter, { personId: PERSON });
      expect(text(payloads![0].metadata!.encoding)).toBe(ENCODING);
      expect(await decodeFromPayloadsAtIndex(converter, 0, payloads)).toEqual({ personId: PERSON });

      const failure = await encodeErrorToFailure(converter, ApplicationFailure.create({ message: `no such person ${PERSON}`, type: 'X', details: [{ personId: PERSON }] }));
      const raw = JSON.stringify(failure, (_, v) => (v instanceof Uint8Array ? text(v) : v));
      expect(raw).not.toContain(PERSON);
      expect(failure.message).toBe('Encoded failure');
      const error = (await decodeOptionalFailureToOptionalError(converter, failure)) as ApplicationFailure;
      expect(error.message).toBe('no such person [identity code]');
      expect(error.details).toEqual([{ personId: PERSON }]); // details are payloads: encrypted, not redacted
  });
});

describe('failure converter', () => {
  it.each([
    [`person 150180-101X not found`, 'person [identity code] not found'],
    [`ids 010203A123B,010203+123B and 010203Y123B`, 'ids [identity code],[identity code] and [identity code]'],
    [`lower-case 150180a101x`, 'lower-case [identity code]'],
    ['order 1234567-1234X or 150180-1011', 'order 1234567-1234X or [identity code]'],
    ['nothing personal', 'nothing personal'],
  ])('redacts identity codes: %s', (input, output) => {
    expect(redactIdentityCodes(input)).toBe(output);
  });

  it('bundles into workflow code (no Node APIs): what bundleWorkflowCode({ failureConverterPath }) needs', async () => {
    const { bundleWorkflowCode } = await import('@temporalio/worker');
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} } as never,
    });
    expect(code).toContain('RedactingFailureConverter');
  }, 60_000);

  it('encodes message and stack trace (and those of causes), redacted', () => {
    const cause = new Error(`register refused ${PERSON}`);
    const failure = failureConverter.errorToFailure(new ApplicationFailure(`check of ${PERSON} failed`, 'T', false, undefined, cause), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(value(failure.encodedAttributes!)).toMatchObject({ message: 'check of [identity code] failed' });
    expect(failure.cause!.message).toBe('Encoded failure');
    expect(JSON.stringify(value(failure.cause!.encodedAttributes!))).not.toContain(PERSON);
  });
});

describe('payload key configuration', () => {
  const good = JSON.stringify({ '2024-a': keyA.toString('base64'), '2025-b': keyB.toString('base64') });

  it('takes a key ring and a current key id', () => {
    const config = codecConfig({ PAYLOAD_KEYS: good, PAYLOAD_KEY_ID: '2025-b' });
    expect(codecConfigProblems(config)).toEqual([]);
    expect(resolvePayloadKeys(config).currentKeyId).toBe('2025-b');
  });

  it.each([
    ['not JSON', { PAYLOAD_KEYS: 'nope' }, /must be JSON/],
    ['a short key', { PAYLOAD_KEYS: JSON.stringify({ a: randomBytes(16).toString('base64') }) }, /exactly 32 bytes/],
    ['a bad key id', { PAYLOAD_KEYS: JSON.stringify({ 'a b': keyA.toString('base64') }) }, /key id/],
  ])('refuses %s without quoting key material', (_, env, message) => {
    const result = z.object(codecConfigShape).safeParse(env);
    expect(result.success).toBe(false);
    const text = JSON.stringify(result.error!.issues);
    expect(text).toMatch(message);
    expect(text).not.toContain(keyA.toString('base64'));
  });

  it.each([
    ['several keys and no current one', { PAYLOAD_KEYS: good }, /PAYLOAD_KEY_ID: is required/],
    ['a current id not in the ring', { PAYLOAD_KEYS: good, PAYLOAD_KEY_ID: 'zzz' }, /not one of the keys/],
    ['production without keys', { NODE_ENV: 'production' }, /PAYLOAD_KEYS .*required in production/],
    ['the UI switch in production', { NODE_ENV: 'production', PAYLOAD_KEYS: good, PAYLOAD_KEY_ID: '2024-a', CODEC_ALLOW_UI_WITHOUT_TOKEN: 'true' }, /CODEC_ALLOW_UI_WITHOUT_TOKEN: is refused in production/],
  ])('reports %s', (_, env, message) => {
    expect(codecConfigProblems(codecConfig(env)).join('\n')).toMatch(message);
  });

  it('creates a development key once, private to the owner, and reads the same key afterwards', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'payload-keys-'));
    try {
      const file = path.join(dir, 'nested', 'payload-keys.json');
      const first = resolvePayloadKeys(codecConfig({ PAYLOAD_DEV_KEYS_FILE: file }));
      const second = resolvePayloadKeys(codecConfig({ PAYLOAD_DEV_KEYS_FILE: file }));
      expect(second.currentKeyId).toBe(first.currentKeyId);
      expect(second.keys[second.currentKeyId].equals(first.keys[first.currentKeyId])).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8')).currentKeyId).toBe(first.currentKeyId);
      expect(() => resolvePayloadKeys(codecConfig({ NODE_ENV: 'production', PAYLOAD_DEV_KEYS_FILE: file }))).toThrow(/required in production/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function flip(bytes: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index] ^= 0x01;
  return copy;
}

describe('the codec endpoint with the local UI switch on (CODEC_ALLOW_UI_WITHOUT_TOKEN=true)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'codec-endpoint-'));
  const config: AppConfig = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/unused',
    CODEC_ALLOW_UI_WITHOUT_TOKEN: 'true',
    PAYLOAD_KEYS: JSON.stringify({ k: keyA.toString('base64') }),
    AUTH_DEV_KEY_FILE: path.join(dir, 'dev-jwt-key.json'),
  });
  const UI = 'http://localhost:8233';
  const apps: INestApplication[] = [];

  /** The codec endpoint with the guard, listening on `host`; its base URL as reached over loopback. */
  async function serve(host: string): Promise<string> {
    @Global()
    @Module({ providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] })
    class TestConfigModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestConfigModule, AuthModule, CodecModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
    installJsonBody(app);
    app.useGlobalFilters(new ProblemFilter());
    apps.push(app);
    await app.listen(0, host);
    const { port } = app.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  const encrypted = async () => {
    const [payload] = await new EncryptionCodec({ k: keyA }, 'k').encode([plain({ phase: 'SURVEY' })]);
    return JSON.stringify({ payloads: [{ metadata: Object.fromEntries(Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(payload.data!).toString('base64') }] });
  };
  const decode = (base: string, headers: Record<string, string>, body: string) =>
    fetch(`${base}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  afterAll(async () => {
    for (const app of apps) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('admits the local UI without a token only when no proxy forwarded the request', async () => {
    const base = await serve('127.0.0.1');
    const body = await encrypted();
    const direct = await decode(base, { origin: UI }, body);
    expect(direct.status).toBe(200);
    expect(Buffer.from(((await direct.json()) as { payloads: { data: string }[] }).payloads[0].data, 'base64').toString()).toContain('SURVEY');
    const proxyHeaders: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.7' },
      { forwarded: 'for=203.0.113.7;proto=https' },
      { 'x-forwarded-host': 'codec.example.fi' },
      { 'x-forwarded-proto': 'https' },
      { via: '1.1 proxy' },
    ];
    for (const proxied of proxyHeaders) {
      const res = await decode(base, { origin: UI, ...proxied }, body);
      expect(res.status).toBe(401);
    }
  });

  it('refuses the switch when the API listens beyond loopback', async () => {
    const base = await serve('0.0.0.0');
    const res = await decode(base, { origin: UI }, await encrypted());
    expect(res.status).toBe(401);
    const operator = await signDevToken(config, ['operator']);
    expect((await decode(base, { authorization: `Bearer ${operator}` }, await encrypted())).status).toBe(200);
  });

  it('authenticates before it reads the body', async () => {
    const base = await serve('127.0.0.1');
    // Unparseable and large: without a token it is never parsed (401, not 400 or 413).
    const broken = `{"payloads": [${'"x",'.repeat(500_000)}`;
    const anonymous = await decode(base, {}, broken);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { detail: string }).detail).toMatch(/bearer token/);
    const operator = { authorization: `Bearer ${await signDevToken(config, ['operator'])}` };
    expect((await decode(base, operator, broken)).status).toBe(400);
    expect((await decode(base, operator, JSON.stringify({ payloads: ['x'.repeat(5 * 1024 * 1024)] }))).status).toBe(413);
    expect((await decode(base, operator, '{"payloads": [], "__proto__": {}}')).status).toBe(400);
  });
});
