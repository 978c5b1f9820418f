// The test stacks' guard against a port taken between freePort() and a server's bind (test/support/ports.ts).
import { startOnFreePorts } from '../support/ports';

describe('startOnFreePorts', () => {
  it('tries again on new ports when a start fails', async () => {
    const tried: number[] = [];
    const { started, ports } = await startOnFreePorts(['port'] as const, async ({ port }) => {
      tried.push(port);
      if (tried.length === 1) throw new Error('bind: address already in use');
      return 'running';
    });
    expect(started).toBe('running');
    expect(tried).toHaveLength(2);
    expect(ports.port).toBe(tried[1]);
  });

  it('gives up after its attempts with the last failure', async () => {
    let calls = 0;
    await expect(
      startOnFreePorts(['port', 'uiPort'] as const, async () => {
        calls++;
        throw new Error(`failure ${calls}`);
      }),
    ).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
  });
});
