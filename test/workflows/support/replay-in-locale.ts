// Run as a child process under a given LANG/LC_ALL by onboarding-locale.test.ts: prints, as one JSON
// line, the process's default locale, the rounds chosen on a name tie, and any replay failures.
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HISTORIES_DIR, historyFromFixture } from '../../fixtures/onboarding-histories';
import { nextSigningDeadline, selectRound } from '../../../workflows/onboarding/rounds';
import { workflowBundle } from '../../support/temporal';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const tied = [
    { name: 'Ö-kierros', signingDeadline: '2027-03-15', goLiveDate: '2027-04-23' },
    { name: 'P-kierros', signingDeadline: '2027-03-15', goLiveDate: '2027-04-23' },
  ];
  const histories = readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ workflowId: path.basename(file, '.json'), history: historyFromFixture(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))) }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(workflowBundle(), histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error}`);
  }
  process.stdout.write(
    `${JSON.stringify({
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
      selected: selectRound(tied, '2027-03-01', '2027-03-01')?.name,
      nextDeadline: nextSigningDeadline(tied, Date.parse('2027-03-01T00:00:00Z'))?.name,
      replayed: histories.map((h) => h.workflowId).sort(),
      failures,
    })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
