// Test output keeps the SDK's warnings and errors; its INFO lines (worker state changes) drown them.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this Jest worker process by an earlier test file.
}
