// A consortium's library system under the test's control: answers its health URL with the status
// the test sets (503 while "not ready"), counting the calls.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ControlledLibrarySystem {
  /** For LIBRARY_SYSTEM_URL_TEMPLATE. */
  urlTemplate: string;
  setStatus(status: number): void;
  /** Health calls so far, with the status each got. */
  calls: { at: number; consortiumId: string; status: number }[];
  close(): Promise<void>;
}

export async function startLibrarySystem(initialStatus = 503): Promise<ControlledLibrarySystem> {
  let status = initialStatus;
  const calls: ControlledLibrarySystem['calls'] = [];
  const server: Server = createServer((req, res) => {
    const match = /^\/library-systems\/([^/]+)\/health$/.exec(req.url ?? '');
    req.resume();
    if (!match) return void res.writeHead(404).end();
    calls.push({ at: Date.now(), consortiumId: decodeURIComponent(match[1]), status });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urlTemplate: `http://127.0.0.1:${port}/library-systems/{consortiumId}/health`,
    setStatus: (s) => {
      status = s;
    },
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
