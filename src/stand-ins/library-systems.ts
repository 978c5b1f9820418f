// A stand-in for consortia's library systems, so that with `npm start` defaults the automatic
// integration step (LIBRARY_SYSTEM_URL_TEMPLATE) passes. Mountable on any Node http server.
import type { IncomingMessage, ServerResponse } from 'node:http';

const HEALTH_PATH = /^\/library-systems\/[^/]+\/health$/;

/** Answers `GET /library-systems/{consortiumId}/health` with 200 `{ "status": "ok" }`; false for any other path. */
export function handleLibrarySystemRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
  if (!HEALTH_PATH.test(path)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(req.method === 'HEAD' ? undefined : JSON.stringify({ status: 'ok' }));
  return true;
}
