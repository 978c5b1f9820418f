import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A port nothing listens on right now (the system's pick): tests never take fixed ports. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a server on ports found free a moment before, and on new ones if it fails to start: between
 * `freePort()` and the server's bind another process may take the port (the dev servers of other
 * test files pick their internal ports the same way; seen once in CI as "bind: address already in
 * use"). Returns the ports it runs on, for a test that restarts it on the same ones.
 */
export async function startOnFreePorts<T, K extends string>(
  names: readonly K[],
  start: (ports: Record<K, number>) => Promise<T>,
  attempts = 3,
): Promise<{ started: T; ports: Record<K, number> }> {
  for (let attempt = 1; ; attempt++) {
    const ports = {} as Record<K, number>;
    for (const name of names) ports[name] = await freePort();
    try {
      return { started: await start(ports), ports };
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}
