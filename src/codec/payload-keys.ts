// The payload key ring: PAYLOAD_KEYS/PAYLOAD_KEY_ID from configuration, or (development and tests
// only) a key generated once into PAYLOAD_DEV_KEYS_FILE and shared by the API and the worker.
import { randomBytes } from 'node:crypto';
import { readOrCreateDevSecret } from '../auth/dev-secret-file';
import { parseKeyRing, type CodecConfig, type KeyRing } from './codec.config';

export interface PayloadKeys {
  keys: KeyRing;
  currentKeyId: string;
}

interface DevKeysFile {
  currentKeyId: string;
  keys: Record<string, string>;
}

export function resolvePayloadKeys(config: CodecConfig): PayloadKeys {
  if (config.PAYLOAD_KEYS) {
    const currentKeyId = config.PAYLOAD_KEY_ID ?? Object.keys(config.PAYLOAD_KEYS)[0];
    return { keys: config.PAYLOAD_KEYS, currentKeyId };
  }
  if (config.NODE_ENV === 'production') {
    throw new Error('PAYLOAD_KEYS is required in production: the development payload key is refused there');
  }
  return readOrCreateDevSecret<PayloadKeys>(
    config.PAYLOAD_DEV_KEYS_FILE,
    () => {
      const id = `dev-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
      const file: DevKeysFile = { currentKeyId: id, keys: { [id]: randomBytes(32).toString('base64') } };
      return file;
    },
    (raw) => {
      const file = raw as Partial<DevKeysFile>;
      const keys = parseKeyRing(file?.keys);
      if (typeof keys === 'string') throw new Error(`keys ${keys}`);
      if (typeof file.currentKeyId !== 'string' || !keys[file.currentKeyId]) throw new Error('currentKeyId must name one of its keys');
      return { keys, currentKeyId: file.currentKeyId };
    },
  );
}
