// Issue 12, defect 12: a reminder interval of zero (or a few seconds) sent reminders back to back.
import { ConfigError, loadConfig } from '../../src/config/config';

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test' };

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...base, ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('REMINDER_INTERVAL', () => {
  it.each(['0 days', '0s', '366 days'])('refuses %s with one line naming the variable', (value) => {
    const problems = problemsOf({ REMINDER_INTERVAL: value });
    expect(problems).toEqual(['REMINDER_INTERVAL: must be between 1 second and 365 days, e.g. "7 days"']);
  });

  it.each(['30 minutes', '59 m', '4s'])('refuses %s in production, where reminders reach people', (value) => {
    const problems = problemsOf({ REMINDER_INTERVAL: value, NODE_ENV: 'production' });
    // Production wants more settings than this test gives: only this variable's line matters here.
    expect(problems).toContain('REMINDER_INTERVAL: must be at least 1 hour in production (reminders go to people), e.g. "7 days"');
  });

  it.each(['4s', '1 hour', '1h', '7 days', '365 days'])('accepts %s outside production', (value) => {
    expect(loadConfig({ ...base, REMINDER_INTERVAL: value }).REMINDER_INTERVAL).toBe(value);
  });

  it('defaults to a week', () => {
    expect(loadConfig(base).REMINDER_INTERVAL).toBe('7 days');
  });
});
