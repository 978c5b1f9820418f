// Replays recorded histories of closed onboardings against the current workflow code: a change that
// would break running onboardings (non-determinism) fails here. After an intentional change guarded
// by `patched()`, record the new scenario (missing histories only) with
//   RECORD_ONBOARDING_HISTORIES=1 npx jest test/workflows/onboarding-replay.test.ts
// (`=all` re-records every one: only before any onboarding runs in production) and commit
// test/fixtures/histories/*.json.
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HISTORIES_DIR, historyFromFixture, RECORDED_ELSEWHERE, recordHistories, SCENARIOS } from '../fixtures/onboarding-histories';
import { installQuietRuntime } from '../fixtures/onboarding';
import { workflowBundle } from '../support/temporal';

const recording = process.env.RECORD_ONBOARDING_HISTORIES === '1' || process.env.RECORD_ONBOARDING_HISTORIES === 'all';

(recording ? describe : describe.skip)('recording onboarding histories', () => {
  it('records the missing scenarios (every one with =all)', async () => {
    installQuietRuntime();
    await recordHistories();
    const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(SCENARIOS).length);
  });
});

describe('replaying recorded onboarding histories', () => {
  it('replays every history without non-determinism', async () => {
    installQuietRuntime();
    const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual([...Object.keys(SCENARIOS), ...RECORDED_ELSEWHERE].map((name) => `${name}.json`).sort());
    const histories = files.map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: historyFromFixture(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(workflowBundle(), histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error}`);
    }
    expect(failures).toEqual([]);
  });
});
