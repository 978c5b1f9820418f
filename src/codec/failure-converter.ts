// Failure messages and stack traces, as Temporal stores them: moved into an encoded attribute (so the
// payload codec encrypts them; history then shows only "Encoded failure"), and first stripped of
// anything shaped like a Finnish identity code, so that not even an operator decoding a failure sees
// one. Loaded by path (DataConverter.failureConverterPath) because it also runs inside the workflow
// sandbox: keep this file free of Node APIs and I/O, and deterministic.
import { DefaultFailureConverter, type ProtoFailure } from '@temporalio/common';

/** DDMMYY, a century sign (+ - Y X W V U A B C D E F), 3 digits, a check character; not inside a longer token. */
const IDENTITY_CODE = /(?<![0-9A-Za-z])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![0-9A-Za-z])/gi;
export const REDACTED_IDENTITY_CODE = '[identity code]';

export function redactIdentityCodes(text: string): string;
export function redactIdentityCodes(text: string | null | undefined): string | null | undefined;
export function redactIdentityCodes(text: string | null | undefined): string | null | undefined {
  return text ? text.replace(IDENTITY_CODE, REDACTED_IDENTITY_CODE) : text;
}

export class RedactingFailureConverter extends DefaultFailureConverter {
  constructor() {
    super({ encodeCommonAttributes: true });
  }

  override errorToFailureInner(...args: Parameters<DefaultFailureConverter['errorToFailureInner']>): ProtoFailure {
    const failure = super.errorToFailureInner(...args);
    // A failure already converted (err.failure) is returned as is by the SDK: copy before changing it.
    return { ...failure, message: redactIdentityCodes(failure.message), stackTrace: redactIdentityCodes(failure.stackTrace) };
  }
}

export const failureConverter = new RedactingFailureConverter();
