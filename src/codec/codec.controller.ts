// The codec server for the Temporal UI and CLI: POST /codec/encode and /codec/decode with Temporal's
// JSON payload format ({"payloads":[{"metadata":{"<k>":"<base64>"},"data":"<base64>"}]}). The UI
// appends /encode or /decode (and ?preserveStorageRefs=true) to its --ui-codec-endpoint, so that
// setting is http://<api>/codec. Operators and admins only: decoding reveals personal data.
import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import type { Request, Response } from 'express';
import { AllowLocalTemporalUi, OperatorAccess } from '../auth/roles';
import { badRequest, unprocessable } from '../http/problem';
import { scrubString } from '../observability/identity-codes';
import { readCodecBody } from './codec-body';
import { EncryptionCodec, PayloadDecryptionError } from './encryption-codec';

/**
 * Operators need to see what a workflow did, not who logged in: identity codes in decoded JSON are
 * replaced by a placeholder (workers decrypt in-process and still see them; support cases go through
 * the audit's keyed hashes).
 */
function withoutIdentityCodes(payload: Payload): Payload {
  const encoding = payload.metadata?.encoding ? Buffer.from(payload.metadata.encoding).toString() : '';
  if (encoding !== 'json/plain' || !payload.data) return payload;
  return { ...payload, data: Buffer.from(scrubString(Buffer.from(payload.data).toString('utf8')), 'utf8') };
}

export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** More payloads than any UI page asks for at once. */
const MAX_PAYLOADS = 1000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Closed objects: a field this endpoint does not read is refused rather than dropped on the way back
 * (Temporal's `externalPayloads` among them: this codec returns metadata and data only).
 */
const PAYLOADS_SCHEMA = {
  type: 'object',
  required: ['payloads'],
  additionalProperties: false,
  properties: {
    payloads: {
      type: 'array',
      maxItems: MAX_PAYLOADS,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
          data: { type: 'string', format: 'byte' },
        },
      },
    },
  },
};
const PAYLOAD_FIELDS = new Set(['metadata', 'data']);

function parsePayloads(body: unknown): Payload[] {
  const payloads = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads)) {
    throw badRequest('The body must be {"payloads": [{"metadata": {...}, "data": "<base64>"}]}.', [{ field: 'payloads', problem: 'must be an array' }]);
  }
  const unexpected = Object.keys(body as object).find((key) => key !== 'payloads');
  if (unexpected !== undefined) {
    throw badRequest('The body must be {"payloads": [...]} and nothing else.', [{ field: unexpected.slice(0, 64), problem: 'is not a field of this request' }]);
  }
  if (payloads.length > MAX_PAYLOADS) throw badRequest(`At most ${MAX_PAYLOADS} payloads per request.`, [{ field: 'payloads', problem: 'too many' }]);
  return payloads.map((p: unknown, i) => {
    const fail = (problem: string) => badRequest(`payloads[${i}] ${problem}.`, [{ field: `payloads[${i}]`, problem }]);
    if (!p || typeof p !== 'object' || Array.isArray(p)) throw fail('must be an object');
    if (Object.keys(p).some((key) => !PAYLOAD_FIELDS.has(key))) throw fail('may hold only metadata and data');
    const { metadata = {}, data = '' } = p as JsonPayload;
    if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) throw fail('metadata must be an object of base64 strings');
    const decoded: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string' || !BASE64.test(value)) throw fail(`metadata.${key.slice(0, 64)} must be base64`);
      decoded[key] = Buffer.from(value, 'base64');
    }
    if (typeof data !== 'string' || !BASE64.test(data)) throw fail('data must be base64');
    return { metadata: decoded, data: Buffer.from(data, 'base64') };
  });
}

function toJson(payloads: Payload[]): { payloads: JsonPayload[] } {
  const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
      data: b64(p.data),
    })),
  };
}

@ApiTags('codec')
@Controller('codec')
@OperatorAccess()
@AllowLocalTemporalUi()
export class CodecController {
  constructor(@Inject(EncryptionCodec) private readonly codec: EncryptionCodec) {}

  @Post('encode')
  @HttpCode(200)
  @ApiBody({ schema: PAYLOADS_SCHEMA })
  @ApiOkResponse({ description: 'The payloads, encrypted with the current key', schema: PAYLOADS_SCHEMA })
  async encode(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ payloads: JsonPayload[] }> {
    return toJson(await this.codec.encode(parsePayloads(await readCodecBody(req, res))));
  }

  @Post('decode')
  @HttpCode(200)
  @ApiBody({ schema: PAYLOADS_SCHEMA })
  @ApiOkResponse({
    description:
      'The payloads, decrypted (payloads that were not encrypted come back unchanged), with identity codes replaced by [henkilötunnus]',
    schema: PAYLOADS_SCHEMA,
  })
  @ApiUnprocessableEntityResponse({ description: 'A payload is encrypted with a key this API does not hold, or was tampered with' })
  async decode(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ payloads: JsonPayload[] }> {
    const payloads = parsePayloads(await readCodecBody(req, res));
    const decoded = payloads.map((payload, i) => {
      try {
        return withoutIdentityCodes(this.codec.decrypt(payload));
      } catch (err) {
        if (err instanceof PayloadDecryptionError) throw unprocessable(`payloads[${i}] cannot be decrypted: ${err.message}.`);
        throw err;
      }
    });
    return toJson(decoded);
  }
}
