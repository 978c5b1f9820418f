// The register's configuration, validated at start-up: one clear line per bad value.
import { ConfigError, loadConfig } from '../../src/config/config';
import { DEVELOPMENT_REGISTER, retentionToMs } from '../../src/config/register.config';

const BASE = { DATABASE_URL: 'postgresql://127.0.0.1/unused' };
const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...BASE, ...env });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems;
  }
};

it('outside production, the simulator development account and DVV service are the defaults', () => {
  const config = loadConfig(BASE);
  expect(config).toMatchObject({
    REGISTER_URL: DEVELOPMENT_REGISTER.url,
    REGISTER_USERNAME: DEVELOPMENT_REGISTER.username,
    XROAD_CLIENT: DEVELOPMENT_REGISTER.client,
    XROAD_SERVICE: 'FI/GOV/0245437-2/VTJkysely/HenkilonTunnusKysely/v1',
    REGISTER_ALLOW_TEMPORARY_CODES: false,
    AUDIT_RETENTION: '5 years',
  });
});

it('production requires the URL, the credentials and the X-Road identifiers', () => {
  const found = problems({ NODE_ENV: 'production' });
  for (const name of ['REGISTER_URL', 'REGISTER_USERNAME', 'REGISTER_PASSWORD', 'XROAD_CLIENT', 'XROAD_USER_ID']) {
    expect(found).toContainEqual(expect.stringMatching(new RegExp(`^${name}: is required in production`)));
  }
});

it.each([
  [{ XROAD_CLIENT: 'FI/GOV/0245437-2' }, /^XROAD_CLIENT: must be INSTANCE\/CLASS\/MEMBER\/SUBSYSTEM/],
  [{ XROAD_SERVICE: 'FI/GOV/0245437-2/VTJkysely/HenkilonTunnusKysely' }, /^XROAD_SERVICE: must be INSTANCE\/CLASS\/MEMBER\/SUBSYSTEM\/SERVICE\/VERSION/],
  [{ REGISTER_URL: 'security-server' }, /^REGISTER_URL: must be the full http\(s\) URL/],
  [{ REGISTER_ALLOW_TEMPORARY_CODES: 'maybe' }, /^REGISTER_ALLOW_TEMPORARY_CODES: expected true or false/],
  [{ AUDIT_RETENTION: '5 centuries' }, /^AUDIT_RETENTION: must be a number of days or years/],
  [{ AUDIT_RETENTION: '0 days' }, /^AUDIT_RETENTION: must be at least 1 day/],
])('refuses %o', (env, message) => {
  expect(problems(env)).toContainEqual(expect.stringMatching(message));
});

it('never repeats the password in a problem', () => {
  const found = problems({ NODE_ENV: 'production', REGISTER_PASSWORD: 'very-secret-password', XROAD_CLIENT: 'bad' });
  expect(found.join('\n')).not.toContain('very-secret-password');
});

it('reads retention in days and years', () => {
  expect(retentionToMs('1 day')).toBe(86_400_000);
  expect(retentionToMs('5 years')).toBe(5 * 365.25 * 86_400_000);
});
