import type { IncomingMessage } from 'node:http';

/**
 * Browsers send Origin on every WebSocket handshake but apply no CORS to it, so a page on another
 * site could open our socket with the agent's cookie. Only our own origin (the Host the browser
 * connected to, or PUBLIC_URL) may; clients without Origin (servers, tests) are not browsers.
 */
export function isAllowedOrigin(req: IncomingMessage, publicUrl: string | undefined): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === req.headers.host) return true;
  return publicUrl !== undefined && new URL(publicUrl).host === host;
}
