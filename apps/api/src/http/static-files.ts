import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

/** Hashed build output (`/assets/name-<hash>.js`): its name changes with its content. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, frame.html, loader.js): revalidated with the ETag on every use, so
 * a release reaches every site at once, at the cost of one 304 per page. */
const REVALIDATE = 'no-cache';

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/**
 * A built front-end (console or widget) from `dir`: the `.br`/`.gz` files written at build time
 * (scripts/precompress.mjs) by `Accept-Encoding`, with `Vary: Accept-Encoding`, ETags and 304s.
 * Source maps stay on disk: a request for one is answered like a missing file. `anyOrigin`: files
 * that customers' pages import as modules (which needs CORS); public, and they hold no secret.
 */
export function serveStatic(
  dir: string,
  options: { single?: boolean; anyOrigin?: readonly string[] } = {},
): StaticHandler {
  const files = sirv(dir, {
    single: options.single ?? false,
    etag: true,
    brotli: true,
    gzip: true,
    setHeaders: (res, pathname) => {
      res.setHeader('cache-control', pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
      if (options.anyOrigin?.includes(pathname)) res.setHeader('access-control-allow-origin', '*');
    },
  });
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (/\.(map|br|gz)$/i.test(path)) {
      if (next) return next();
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('Not found\n');
    }
    files(req, res, next);
  };
}
