import { rmSync } from 'node:fs';
import { releaseDatabaseServer } from './database-server';

export default async function globalTeardown(): Promise<void> {
  if (process.env.WORKFLOW_BUNDLE_PATH) rmSync(process.env.WORKFLOW_BUNDLE_PATH, { force: true, recursive: true });
  await releaseDatabaseServer();
}
