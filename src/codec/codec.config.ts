// Configuration of payload encryption and the codec endpoint: a zod fragment that src/config/config.ts
// merges into its schema (`...codecConfigShape`), with its cross-field rules (`codecConfigProblems`).
// Only zod here: config.ts imports this file.
import { z } from 'zod';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** id → 32-byte AES key. */
export type KeyRing = Record<string, Buffer>;

export const codecConfigShape = {
  /**
   * Payload encryption keys, JSON `{ "<key id>": "<base64 of 32 random bytes>" }`. Keep retired keys
   * here: they still decrypt what they encrypted. Unset: a development key in PAYLOAD_DEV_KEYS_FILE.
   */
  PAYLOAD_KEYS: z
    .string()
    .optional()
    .transform((v, ctx): KeyRing | undefined => {
      if (v === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON: { "<key id>": "<base64 of 32 bytes>" } (the value is not shown here)' });
        return z.NEVER;
      }
      const ring = parseKeyRing(parsed);
      if (typeof ring === 'string') {
        ctx.addIssue({ code: 'custom', message: ring });
        return z.NEVER;
      }
      return ring;
    }),
  /** The key new payloads are encrypted with; one of PAYLOAD_KEYS. */
  PAYLOAD_KEY_ID: z.string().regex(KEY_ID, 'must be a key id of letters, digits, dots, hyphens or underscores').optional(),
  /** The development payload keys, created on first use; refused in production. */
  PAYLOAD_DEV_KEYS_FILE: z.string().min(1).default('.data/payload-keys.json'),
  /** Origins of the Temporal UI allowed to call the codec endpoint (CORS), comma-separated. */
  TEMPORAL_UI_ORIGINS: z
    .string()
    .default('http://localhost:8233,http://127.0.0.1:8233')
    .transform((v, ctx) => {
      const list = v.split(',').map((s) => s.trim()).filter(Boolean);
      for (const origin of list) {
        let url: URL | undefined;
        try {
          url = new URL(origin);
        } catch {
          url = undefined;
        }
        if (!url || url.origin !== origin) {
          ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin (scheme://host[:port], no path or trailing slash)` });
          return z.NEVER;
        }
      }
      return list;
    }),
  /**
   * Development only: the Temporal UI on this machine may use the codec endpoint without a token (its
   * requests from a TEMPORAL_UI_ORIGINS origin over loopback count as an operator's). Refused in production.
   */
  CODEC_ALLOW_UI_WITHOUT_TOKEN: bool.default('false'),
};

const codecConfigSchema = z.object(codecConfigShape);
export type CodecConfig = z.infer<typeof codecConfigSchema> & { NODE_ENV: 'development' | 'test' | 'production' };

/** A key ring from its JSON form, or the reason it is not one (never quoting key material). */
export function parseKeyRing(parsed: unknown): KeyRing | string {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.keys(parsed).length) {
    return 'must be a JSON object with at least one key: { "<key id>": "<base64 of 32 bytes>" }';
  }
  const ring: KeyRing = {};
  for (const [id, value] of Object.entries(parsed)) {
    if (!KEY_ID.test(id)) return `key id "${id.slice(0, 64)}" must be letters, digits, dots, hyphens or underscores (at most 64)`;
    const key = typeof value === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : undefined;
    if (!key || key.length !== 32) return `key "${id}" must be the base64 of exactly 32 bytes (openssl rand -base64 32)`;
    ring[id] = key;
  }
  return ring;
}

export function codecConfigProblems(config: CodecConfig): string[] {
  const problems: string[] = [];
  if (config.PAYLOAD_KEYS) {
    const ids = Object.keys(config.PAYLOAD_KEYS);
    if (!config.PAYLOAD_KEY_ID && ids.length > 1) {
      problems.push(`PAYLOAD_KEY_ID: is required when PAYLOAD_KEYS holds several keys (one of ${ids.join(', ')})`);
    } else if (config.PAYLOAD_KEY_ID && !ids.includes(config.PAYLOAD_KEY_ID)) {
      problems.push(`PAYLOAD_KEY_ID: "${config.PAYLOAD_KEY_ID}" is not one of the keys in PAYLOAD_KEYS (${ids.join(', ')})`);
    }
  } else {
    if (config.PAYLOAD_KEY_ID) problems.push('PAYLOAD_KEY_ID: names a key of PAYLOAD_KEYS, which is not set');
    if (config.NODE_ENV === 'production') {
      problems.push('PAYLOAD_KEYS (and PAYLOAD_KEY_ID): are required in production (Temporal payload encryption keys); the development key in .data/ is refused there');
    }
  }
  if (config.CODEC_ALLOW_UI_WITHOUT_TOKEN && config.NODE_ENV === 'production') {
    problems.push('CODEC_ALLOW_UI_WITHOUT_TOKEN: is refused in production (the codec endpoint then requires an operator token)');
  }
  return problems;
}
