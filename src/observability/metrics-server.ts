// A minimal HTTP server for a process without Nest (the worker): GET /metrics from a prom-client registry.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { PROMETHEUS_CONTENT_TYPE } from './metrics';
import { parseListenAddress } from './observability-config';

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9465/metrics */
  url: string;
  close(): Promise<void>;
}

/** Serves `registry` at `http://{address}/metrics` (address `host:port`; port 0 picks a free one). */
export async function startMetricsServer(registry: Registry, address: string): Promise<MetricsServer> {
  const listen = parseListenAddress(address);
  if (!listen) throw new Error('metrics address is off');
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(path === '/metrics' ? 405 : 404, { 'content-type': 'text/plain' }).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Never keeps the process alive by itself: the worker decides when to exit.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
