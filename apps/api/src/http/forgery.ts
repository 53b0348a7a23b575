import type { IncomingMessage } from 'node:http';
import { isAllowedOrigin } from './origin';

/** Why a write was refused as possibly forged (codes the clients already translate). */
export type ForgeryVerdict = {
  status: 403 | 415;
  appCode: 'forbidden' | 'bad_request';
  message: string;
} | null;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Request-forgery rules for everything the session cookie authenticates (tRPC, uploads). The cookie
 * is `SameSite=Lax`, which stops other sites but not sibling subdomains (same site), and a form or a
 * no-cors fetch needs no preflight. So:
 * - a write whose `Origin` is not ours is refused (browsers send Origin on every POST/DELETE, also
 *   no-cors and form posts; clients without one are not browsers and carry no ambient cookie);
 * - tRPC writes must be `application/json`: a browser sends that cross-origin only after a CORS
 *   preflight, which we never grant, so a `<form>` or `text/plain` post cannot reach a procedure.
 */
export function checkForgery(
  req: IncomingMessage,
  path: string,
  publicUrl: string | undefined,
): ForgeryVerdict {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return null;
  if (!isAllowedOrigin(req, publicUrl))
    return { status: 403, appCode: 'forbidden', message: 'Cross-site request refused' };
  if (path.startsWith('/trpc/')) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      return { status: 415, appCode: 'bad_request', message: 'Send application/json' };
  }
  return null;
}
