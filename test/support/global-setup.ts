// Once per `npm test`: bundle the workflows (Worker.create then takes 0.2 s instead of 1-3 s), find or
// start the PostgreSQL server, and drop databases left behind by killed runs. The bundles go into one
// directory, WORKFLOW_BUNDLE_PATH: one per task queue as the production worker reads them
// (src/worker/workers.ts workflowSource), and `all.js` for the tests' own workers that serve both.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FAILURE_CONVERTER_PATH } from '../../src/codec/data-converter';
import { dropStaleTestDatabases } from './database';
import { provideDatabaseServer } from './database-server';

export const BUNDLE_DIRECTORY = path.resolve(__dirname, '..', '..', '.artifacts', `workflow-bundles-${process.pid}`);

const ENTRIES = { all: '../../workflows', onboarding: '../../workflows/onboarding', eligibility: '../../workflows/eligibility' };

async function bundleWorkflows(): Promise<void> {
  mkdirSync(BUNDLE_DIRECTORY, { recursive: true });
  await Promise.all(
    Object.entries(ENTRIES).map(async ([name, entry]) => {
      const { code } = await bundleWorkflowCode({
        workflowsPath: require.resolve(entry),
        failureConverterPath: FAILURE_CONVERTER_PATH,
        logger: { log() {}, info() {}, warn() {}, error: console.error, debug() {}, trace() {} } as never,
      });
      writeFileSync(path.join(BUNDLE_DIRECTORY, `${name}.js`), code);
    }),
  );
  process.env.WORKFLOW_BUNDLE_PATH = BUNDLE_DIRECTORY;
}

export default async function globalSetup(): Promise<void> {
  const database = provideDatabaseServer((msg) => process.stdout.write(`\n[test database] ${msg}\n`)).then(dropStaleTestDatabases);
  await Promise.all([bundleWorkflows(), database]);
}
