import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import * as path from 'node:path';
import { temporalCliPath, temporalTestServerPath } from '../../src/devstack/temporal-binaries';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes';

/** The bundle of every workflow, built once by globalSetup. */
export function workflowBundle(): { workflowBundle: { codePath: string } } {
  const directory = process.env.WORKFLOW_BUNDLE_PATH;
  if (!directory) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run the tests through jest (globalSetup bundles the workflows).');
  return { workflowBundle: { codePath: path.join(directory, 'all.js') } };
}

/**
 * The time-skipping test server: months of timers in milliseconds. It accepts custom search
 * attributes only through the operator API, so they are registered here.
 */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  const searchAttributes = Object.fromEntries(
    SEARCH_ATTRIBUTE_KEYS.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
  return env;
}

/**
 * A real dev server (the one `npm start` runs), in memory, with our search attributes (and
 * `extraArgs`, e.g. dynamic configuration). Its client gets the application's data converter, so
 * that tests read what the workers wrote.
 */
export function startDevServer(dataConverter?: DataConverter, extraArgs: string[] = []): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    client: { dataConverter },
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes: [...SEARCH_ATTRIBUTE_KEYS],
      ui: false,
      extraArgs: ['--log-level', 'error', ...extraArgs],
    },
  });
}
