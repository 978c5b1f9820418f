// The data converter of every Temporal client and worker of this project: payloads encrypted with the
// configured key ring, failure messages encoded (and so encrypted) with identity codes redacted.
//   client:  new Client({ connection, namespace, dataConverter: createDataConverter(config) })
//   worker:  Worker.create({ ..., dataConverter: createDataConverter(config) })
//   bundle:  bundleWorkflowCode({ workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH })
// Not encrypted by any codec, whatever we do: search attributes, workflow/activity ids and types, task
// queues: identity codes and personal data must never go there.
import type { DataConverter } from '@temporalio/common';
import type { CodecConfig } from './codec.config';
import { EncryptionCodec } from './encryption-codec';
import { resolvePayloadKeys } from './payload-keys';

/** For `failureConverterPath` (resolved to .ts under ts-jest/ts-node, to .js in dist/). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

export function createEncryptionCodec(config: CodecConfig): EncryptionCodec {
  const { keys, currentKeyId } = resolvePayloadKeys(config);
  return new EncryptionCodec(keys, currentKeyId);
}

export function createDataConverter(config: CodecConfig): DataConverter {
  return { payloadCodecs: [createEncryptionCodec(config)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
