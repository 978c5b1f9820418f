// Process entry of the library-systems stand-in that `npm start` runs when no real
// LIBRARY_SYSTEM_URL_TEMPLATE is configured. Prints {"event":"listening","url":...} when ready.
import { createServer } from 'node:http';
import { handleLibrarySystemRequest } from './library-systems';

const port = Number(process.env.LIBRARY_SYSTEMS_STAND_IN_PORT ?? 4020);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`LIBRARY_SYSTEMS_STAND_IN_PORT must be a port number (got "${process.env.LIBRARY_SYSTEMS_STAND_IN_PORT}")`);
  process.exit(1);
}
const server = createServer((req, res) => {
  if (!handleLibrarySystemRequest(req, res)) res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(JSON.stringify({ event: 'listening', url: `http://127.0.0.1:${actualPort}` }));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
