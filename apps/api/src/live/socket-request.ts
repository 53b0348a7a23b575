import type { IncomingMessage } from 'node:http';

/**
 * The headers a WebSocket's context reads (context.ts: the session and device cookies, the widget's
 * visitor token, the user agent, the client address through trusted proxies; tRPC's adapter: the
 * host, to parse the URL). A header not listed here is not seen by a WebSocket call.
 */
const KEPT_HEADERS = ['host', 'cookie', 'user-agent', 'x-parley-visitor', 'x-forwarded-for'] as const;

/**
 * What tRPC's WebSocket adapter keeps of the upgrade request for the socket's whole life (it closes
 * over it and hands it to `createContext`): the URL, the headers above and the peer's address, instead
 * of the IncomingMessage with its raw header list, stream state and parser leftovers (~1 KB per idle
 * socket, bench/RESULTS.md).
 */
export function socketRequest(req: IncomingMessage): IncomingMessage {
  const headers: IncomingMessage['headers'] = {};
  for (const name of KEPT_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) (headers as Record<string, unknown>)[name] = value;
  }
  const socket = req.socket as { remoteAddress?: string; encrypted?: boolean };
  const slim = {
    url: req.url,
    method: req.method,
    headers,
    socket: { remoteAddress: socket.remoteAddress, encrypted: socket.encrypted === true },
  };
  // Typed as the request: the adapter and proxy-addr read only the fields above.
  return slim as unknown as IncomingMessage;
}
