// Once per `npm test`: bundle the workflows (Worker.create then takes 0.2 s instead of 1-3 s), find or
// start the PostgreSQL server, and drop databases left behind by killed runs.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FAILURE_CONVERTER_PATH } from '../../src/codec/data-converter';
import { dropStaleTestDatabases } from './database';
import { provideDatabaseServer } from './database-server';

export const BUNDLE_PATH = path.resolve(__dirname, '..', '..', '.artifacts', `workflow-bundle-${process.pid}.js`);

async function bundleWorkflows(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { log() {}, info() {}, warn() {}, error: console.error, debug() {}, trace() {} } as never,
  });
  mkdirSync(path.dirname(BUNDLE_PATH), { recursive: true });
  writeFileSync(BUNDLE_PATH, code);
  process.env.WORKFLOW_BUNDLE_PATH = BUNDLE_PATH;
}

export default async function globalSetup(): Promise<void> {
  const database = provideDatabaseServer((msg) => process.stdout.write(`\n[test database] ${msg}\n`)).then(dropStaleTestDatabases);
  await Promise.all([bundleWorkflows(), database]);
}
