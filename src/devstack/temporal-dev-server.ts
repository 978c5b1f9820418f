import * as path from 'node:path';
import { mkdirSync } from 'node:fs';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes';
import { ManagedProcess, spawnManaged, waitUntil } from './child-process';
import { isPortInUse } from './ports';
import { temporalCliPath } from './temporal-binaries';

export interface DevServerOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  codecEndpoint?: string;
  /** More CLI flags (the bench's previews, e.g. standalone activities). */
  extraArgs?: string[];
}

const CLI_TYPE = { KEYWORD: 'Keyword', INT: 'Int', TEXT: 'Text', BOOL: 'Bool', DOUBLE: 'Double', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' } as const;

/**
 * Flags measured on our 2-core machines: the stock transfer-queue poll rate (20/s) adds ~50 ms to
 * every workflow step; WAL and normal sync make SQLite keep up (see ../shared/docs/STACK.md).
 */
export const DEV_SERVER_TUNING = [
  '--dynamic-config-value', 'history.transferProcessorMaxPollRPS=1000',
  '--dynamic-config-value', 'history.timerProcessorMaxPollRPS=1000',
  '--dynamic-config-value', 'history.visibilityProcessorMaxPollRPS=1000',
  '--sqlite-pragma', 'journal_mode=wal',
  '--sqlite-pragma', 'synchronous=normal',
];

export async function startTemporalDevServer(options: DevServerOptions): Promise<ManagedProcess> {
  for (const port of [options.port, options.uiPort]) {
    if (await isPortInUse(port)) {
      throw new Error(`Port ${port} is taken: is another Temporal server running? Stop it, or set TEMPORAL_ADDRESS to use it.`);
    }
  }
  mkdirSync(options.dataDir, { recursive: true });
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--ui-port', String(options.uiPort),
    '--db-filename', path.join(options.dataDir, 'temporal.sqlite'),
    '--log-level', 'error',
    ...SEARCH_ATTRIBUTE_KEYS.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE[key.type]}`]),
    ...DEV_SERVER_TUNING,
    ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
    ...(options.extraArgs ?? []),
  ];
  const proc = spawnManaged({ name: 'temporal', command: temporalCliPath(), args });
  const ui = `http://127.0.0.1:${options.uiPort}/api/v1/namespaces`;
  await Promise.race([
    waitUntil('Temporal dev server', async () => (await fetch(ui)).ok, 30_000),
    proc.exited.then((code) => {
      throw new Error(`the Temporal dev server exited (code ${code}); see its output above`);
    }),
  ]);
  return proc;
}
