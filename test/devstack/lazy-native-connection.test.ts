// The API's Temporal connection (src/temporal/lazy-native-connection.ts) against a real dev server:
// it is made on first use, a failed attempt (Temporal not up yet) is not remembered, a deadline set
// around a call reaches the native client, and a closed connection refuses further calls.
import { Client } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ManagedProcess } from '../../src/devstack/child-process';
import { startTemporalDevServer } from '../../src/devstack/temporal-dev-server';
import { LazyNativeConnection } from '../../src/temporal/lazy-native-connection';
import { startOnFreePorts } from '../support/ports';

jest.setTimeout(90_000);

describe('LazyNativeConnection', () => {
  let dataDir: string;
  let server: ManagedProcess | undefined;
  let connection: LazyNativeConnection;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'lazy-connection-'));
    ({ started: server } = await startOnFreePorts(['port', 'uiPort'] as const, async (ports) => {
      // Made before the server exists, as the API is when it starts before Temporal.
      await connection?.close();
      connection = new LazyNativeConnection({ address: `127.0.0.1:${ports.port}` });
      await expect(connection.workflowService.getSystemInfo({})).rejects.toThrow();
      await expect(connection.ensureConnected()).rejects.toThrow();
      return startTemporalDevServer({ dataDir, ...ports });
    }));
  });

  afterAll(async () => {
    await connection?.close();
    await server?.stop(2000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects once Temporal is up, although the attempts before failed', async () => {
    const info = await connection.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
  });

  it('serves a Client: a namespace described through it', async () => {
    const client = new Client({ connection, namespace: 'default' });
    const described = await client.workflowService.describeNamespace({ namespace: 'default' });
    expect(described.namespaceInfo?.name).toBe('default');
  });

  it('passes a deadline set around a call on to the native client', async () => {
    // A long poll on an empty task queue ends with an empty answer after a minute; only a deadline
    // ends it with an error: the server's "Context timeout is too short" (FAILED_PRECONDITION: it saw
    // the deadline), or DEADLINE_EXCEEDED / CANCELLED from the client's own timer.
    const poll = connection.withDeadline(Date.now() + 250, () =>
      connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: `empty-${process.pid}` }, identity: 'test' }),
    );
    const error = await poll.then(
      () => undefined,
      (err: { code?: number }) => err,
    );
    expect([1, 4, 9]).toContain(error?.code);
  });

  it('is not a thenable: awaiting a service does not call it', async () => {
    expect((connection.workflowService as unknown as { then?: unknown }).then).toBeUndefined();
  });

  it('refuses calls once closed', async () => {
    const other = new LazyNativeConnection({ address: connection.address });
    await other.close();
    await expect(other.workflowService.getSystemInfo({})).rejects.toThrow('the Temporal connection is closed');
  });
});
