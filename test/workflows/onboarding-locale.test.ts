// Workers (and replays) on machines with other locales choose the same round: the rules and the
// recorded histories are run in child processes under fi_FI and en_US, which order "Ö" and "P"
// differently (with the old localeCompare() tie-break, fi_FI chose P-kierros and en_US Ö-kierros).
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, 'support', 'replay-in-locale.ts');

async function inLocale(locale: string): Promise<{ locale: string; selected: string; nextDeadline: string; replayed: string[]; failures: string[] }> {
  const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', SCRIPT], {
    env: { ...process.env, LANG: locale, LC_ALL: locale },
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('round choice under other locales', () => {
  it('chooses the same round and replays every history under fi_FI and en_US', async () => {
    const fi = await inLocale('fi_FI.UTF-8');
    const en = await inLocale('en_US.UTF-8');
    // The child processes really ran under different default locales.
    expect(fi.locale).toBe('fi-FI');
    expect(en.locale).toBe('en-US');
    for (const outcome of [fi, en]) {
      expect(outcome).toMatchObject({ selected: 'P-kierros', nextDeadline: 'P-kierros', failures: [] });
      expect(outcome.replayed).toEqual(['continued-as-new', 'live', 'membership-move', 'tied-rounds', 'withdrawn']);
    }
  }, 240_000);
});
