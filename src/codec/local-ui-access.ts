// When the development switch CODEC_ALLOW_UI_WITHOUT_TOKEN may admit a tokenless codec call. The
// switch trusts two things a client cannot fake only when nothing stands between it and the API: the
// source address (loopback) and the browser's Origin. A reverse proxy on the same host makes every
// caller look like loopback, and an API listening beyond loopback can be reached by anyone who finds
// such a proxy; so both refuse the switch.
import type { Socket } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address));
}

/** Headers a proxy adds (RFC 7239 Forwarded, the X-Forwarded-* family, Via, X-Real-IP). */
export function cameThroughProxy(headers: IncomingHttpHeaders): boolean {
  return Object.keys(headers).some((name) => name === 'forwarded' || name.startsWith('x-forwarded-') || name === 'via' || name === 'x-real-ip');
}

/** The server that accepted this connection is bound to a loopback address (not 0.0.0.0, :: or a LAN address). */
export function listensOnLoopbackOnly(socket: Socket): boolean {
  // Node sets `server` on every socket a net.Server accepts.
  const bound = (socket as Socket & { server?: { address(): unknown } }).server?.address();
  return typeof bound === 'object' && bound !== null && isLoopback((bound as { address?: string }).address);
}
