import {
  IDENTITY_CODE_PLACEHOLDER as HIDDEN,
  containsIdentityCode,
  scrubIdentityCodes,
  scrubString,
} from '../../src/observability/identity-codes';
import { createLogger, MemoryDestination } from '../../src/observability/logger';

describe('scrubIdentityCodes: the last line of defence against identity codes in logs', () => {
  // One code per century sign: + (1800s), - U V W X Y (1900s), A B C D E F (2000s).
  const SIGNS = ['+', '-', 'U', 'V', 'W', 'X', 'Y', 'A', 'B', 'C', 'D', 'E', 'F'];

  it.each(SIGNS)('replaces a code with century sign %s', (sign) => {
    const code = `131052${sign}308T`;
    expect(scrubString(code)).toBe(HIDDEN);
    expect(scrubString(`person ${code} asked`)).toBe(`person ${HIDDEN} asked`);
    expect(containsIdentityCode(code)).toBe(true);
  });

  it('replaces codes whatever the check character, every one in a string, lower case too', () => {
    const checks = '0123456789ABCDEFHJKLMNPRSTUVWXY'.split('');
    for (const check of checks) expect(scrubString(`010101-123${check}`)).toBe(HIDDEN);
    expect(scrubString('a 010594Y9021 and b 020304A123b, c 311299-999x')).toBe(`a ${HIDDEN} and b ${HIDDEN}, c ${HIDDEN}`);
  });

  it('finds codes next to punctuation, underscores, quotes, and JSON escapes of a serialised line', () => {
    const code = '131052-308T';
    for (const text of [`id_${code}`, `"${code}"`, `(${code})`, `hetu=${code}&x`, `${code}_x`, `hetu${code}`, `\n${code}\n`]) {
      expect(scrubString(text)).not.toContain(code);
    }
    // As pino writes them: newline, tab, backspace, form feed and \u escapes before the code.
    for (const escape of ['\\n', '\\t', '\\r', '\\b', '\\f', '\\u001b', '\\"', '\\\\']) {
      expect(scrubString(`{"msg":"x${escape}${code}"}`)).toBe(`{"msg":"x${escape}${HIDDEN}"}`);
    }
  });

  it('leaves alone what only resembles a code: UUIDs, hex hashes, timestamps, longer numbers', () => {
    const keep = [
      '3f2a1b123456-1234-4abc-8def-123456789abc',
      '00123456-1234-4234-8234-123456a789bc',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      '2024-04-23T10:00:00.000Z',
      '1310521-308T',
      '131052-3080A',
      '131052Z308T',
      '131052-308Z',
    ];
    for (const text of keep) expect(scrubString(text)).toBe(text);
  });

  it('scrubs nested objects, arrays, keys and errors, and keeps the error class', () => {
    class RegisterError extends Error {
      kind = 'http';
    }
    const err = new RegisterError('no answer for 131052-308T');
    const value = {
      msg: 'for 131052-308T',
      list: ['010101A123B', 3, null],
      nested: { deeper: { '020202-222N': 'key was a code' } },
      err,
      when: new Date(0),
    };
    const scrubbed = scrubIdentityCodes(value);
    expect(JSON.stringify(scrubbed)).not.toMatch(/131052|010101|020202/);
    expect(scrubbed.err).toBeInstanceOf(RegisterError);
    expect(scrubbed.err.message).toBe(`no answer for ${HIDDEN}`);
    expect(scrubbed.err.stack).not.toContain('131052');
    expect(scrubbed.when).toBe(value.when);
    expect(err.message).toContain('131052-308T'); // the original is not modified
    const cyclic: Record<string, unknown> = { a: '131052-308T' };
    cyclic.self = cyclic;
    expect(scrubIdentityCodes(cyclic)).toMatchObject({ a: HIDDEN });
  });

  it('is applied by createLogger to every line: message, format arguments, fields, keys, error stacks', () => {
    const out = new MemoryDestination();
    const logger = createLogger({ LOG_LEVEL: 'trace' }, { destination: out, service: 'test' });
    const code = '131052-308T';
    logger.info(`message ${code}`);
    logger.info('format %s', code);
    logger.warn({ unexpected: { deep: [code] }, [code]: 1 }, 'fields');
    logger.error({ err: new Error(`failed for ${code}`) }, 'error');
    logger.info({ personId: code, guardianId: code, req: { headers: { authorization: 'Bearer abc', cookie: 's=1' } } }, 'redacted');
    expect(out.lines).toHaveLength(5);
    expect(out.text).not.toContain(code);
    expect(out.text).not.toContain('Bearer abc');
    const records = out.records();
    expect(records[0]).toMatchObject({ level: 'info', service: 'test', msg: `message ${HIDDEN}` });
    expect(records[3]).toMatchObject({ level: 'error', err: { message: `failed for ${HIDDEN}` } });
    expect(records[4]).toMatchObject({ personId: '[redacted]', guardianId: '[redacted]', req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } } });
  });
});
