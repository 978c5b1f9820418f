// Test output keeps the SDK's warnings and errors; its INFO lines (worker state changes) drown them.
// Given as the default options, not installed: Jest loads the SDK afresh for every test file, and an
// installed runtime is created at once and lives until the last connection or worker in it closes,
// which never happens in a file that does not use Temporal. Created on first use, it shuts itself
// down when the file's last connection, worker or test server is gone.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.defaultOptions = { logger: new DefaultLogger('WARN') };
