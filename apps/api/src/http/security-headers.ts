import type { ServerResponse } from 'node:http';

/**
 * Browser-side defences sent with every response (docs/security.md). Pages get a Content Security
 * Policy without inline scripts; the console refuses to be framed (clickjacking of its buttons);
 * everything that is not a page (JSON, files, webhooks) gets a policy that runs nothing at all.
 */
const consoleCsp = (connectSources: readonly string[]) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // GIFs come from the providers' CDNs (images and short videos); they cannot run code.
    'img-src * data: blob:',
    'media-src * blob:',
    // 'self' covers ws(s):// to the same host (CSP Level 3). H2 softphone: the browser registers with
    // each SIP phone channel's own server over WebSocket; those origins come from the enabled phone
    // installs (softphone-origins.ts), not any wss: host.
    ['connect-src', "'self'", ...connectSources].join(' '),
    // The pointer picker frames pages of our own origin (/demo); nothing else is framed.
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');

/** The console's policy for the current list of SIP servers, built once per list. */
let lastConsole = { key: '', csp: consoleCsp([]) };
function consoleCspFor(connectSources: readonly string[]) {
  const key = connectSources.join(' ');
  if (key !== lastConsole.key) lastConsole = { key, csp: consoleCsp(connectSources) };
  return lastConsole.csp;
}

/**
 * The widget frame is framed by the customer's sites, which no channel setting lists (a snippet may
 * be pasted on any page), so it sets no frame-ancestors; it holds no cookie and acts only for the
 * visitor of that page (docs/security.md, "Framing").
 */
const WIDGET_FRAME_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  'img-src * data: blob:',
  'media-src * blob:',
  "connect-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const NOT_A_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export type ResponseKind = 'console' | 'widget-frame' | 'demo' | 'script-or-style' | 'other';

/**
 * Scripts, style sheets and fonts are never documents: a CSP or a referrer policy on them does
 * nothing (both apply to the document a response becomes), while every byte of their headers counts
 * against the widget's on-the-wire budget on customers' pages. They get nosniff only.
 */
const SCRIPT_OR_STYLE = /\.(?:m?js|css|woff2?)$/;

/** Which policy a request path gets. The console is the fallback (its SPA routes are any path). */
export function responseKindOf(path: string): ResponseKind {
  if (path === '/widget/frame.html') return 'widget-frame';
  if (SCRIPT_OR_STYLE.test(path) && !path.startsWith('/trpc/') && !path.startsWith('/files/'))
    return 'script-or-style';
  // The demo stands in for a customer's site: its inline page is not ours to police, and the
  // console's pointer picker frames it.
  if (path === '/demo' || path.startsWith('/demo/')) return 'demo';
  if (
    path.startsWith('/trpc/') ||
    path.startsWith('/hooks/') ||
    path.startsWith('/files/') ||
    path.startsWith('/uploads/') ||
    path.startsWith('/avatars/') ||
    path.startsWith('/exports/') ||
    path.startsWith('/widget/') ||
    path === '/healthz' ||
    path === '/readyz'
  )
    return 'other';
  return 'console';
}

/** `connectSources`: the console's extra `connect-src` origins (the SIP servers of phone channels). */
export function setSecurityHeaders(
  res: ServerResponse,
  kind: ResponseKind,
  publicUrl: string | undefined,
  connectSources: readonly string[] = [],
) {
  res.setHeader('x-content-type-options', 'nosniff');
  if (publicUrl?.startsWith('https://')) res.setHeader('strict-transport-security', 'max-age=31536000');
  if (kind === 'script-or-style') return;
  // Signed file links and chat ids stay on our origin.
  res.setHeader('referrer-policy', 'same-origin');
  if (kind === 'console') res.setHeader('content-security-policy', consoleCspFor(connectSources));
  else if (kind === 'widget-frame') res.setHeader('content-security-policy', WIDGET_FRAME_CSP);
  else if (kind === 'other') res.setHeader('content-security-policy', NOT_A_PAGE_CSP);
}
