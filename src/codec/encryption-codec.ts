// AES-256-GCM encryption of every Temporal payload (inputs, results, signal/update/query arguments,
// memo, failure details and, with the failure converter, failure messages). Runs in the client and the
// worker, outside the workflow sandbox. Format (as Temporal's encryption samples): the whole Payload
// (metadata + data) protobuf-encoded, encrypted; data = 12-byte IV ‖ ciphertext ‖ 16-byte tag;
// metadata = { encoding: "binary/encrypted", "encryption-key-id": <id> }. The key id is bound to the
// ciphertext as additional authenticated data, so relabelling a payload with another id fails too.
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './codec.config';

export const ENCODING = 'binary/encrypted';
export const METADATA_ENCODING_KEY = 'encoding';
export const METADATA_KEY_ID = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A payload that cannot be decrypted: unknown key id, or altered (the tag does not verify). */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: KeyRing,
    readonly currentKeyId: string,
  ) {
    if (!keys[currentKeyId]) throw new Error(`the current payload key "${currentKeyId}" is not in the key ring`);
    for (const [id, key] of Object.entries(keys)) if (key.length !== 32) throw new Error(`payload key "${id}" is not 32 bytes`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  encrypt(payload: Payload): Payload {
    const keyId = this.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[keyId], iv);
    cipher.setAAD(encoder.encode(keyId));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const encrypted = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: encoder.encode(ENCODING), [METADATA_KEY_ID]: encoder.encode(keyId) },
      data: new Uint8Array(encrypted.buffer, encrypted.byteOffset, encrypted.byteLength),
    };
  }

  /** Payloads this codec did not encrypt pass through unchanged (e.g. written before encryption). */
  decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
    const idBytes = payload.metadata?.[METADATA_KEY_ID];
    const keyId = idBytes ? decoder.decode(idBytes) : '';
    const key = this.keys[keyId];
    if (!key) throw new PayloadDecryptionError(`payload encrypted with an unknown key id "${keyId.slice(0, 64)}": add that key to PAYLOAD_KEYS`);
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(encoder.encode(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`encrypted payload (key "${keyId}") failed authentication: it was altered or the key is wrong`);
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
