import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  if (process.env.WORKFLOW_BUNDLE_PATH) rmSync(process.env.WORKFLOW_BUNDLE_PATH, { force: true });
}
