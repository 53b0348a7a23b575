import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Deps } from '../deps';
import { snippetFor } from '../domain/live-chat/channels';
import { visitorAuthCacheFor } from '../domain/live-chat/visitor-auth-cache';
import { visitorLeft } from '../domain/live-chat/widget';
import { answeringErrors, readBody, sendJson } from './respond';

/** `navigator.sendBeacon('/widget/leave', {visitorToken})` from a closing page. */
export const handleWidgetLeave = answeringErrors(widgetLeave);

async function widgetLeave(req: IncomingMessage, res: ServerResponse, deps: Deps) {
  if (req.method !== 'POST') return sendJson(res, 405, { error: { appCode: 'method' } });
  const body = await readBody(req, 4096);
  let token: unknown;
  try {
    token = body ? (JSON.parse(body.toString('utf8')) as { visitorToken?: unknown }).visitorToken : undefined;
  } catch {
    token = undefined;
  }
  const visitor = typeof token === 'string' ? await visitorAuthCacheFor(deps).check(token) : null;
  if (!visitor) return sendJson(res, 401, { error: { appCode: 'auth.required' } });
  await visitorLeft(deps, visitor);
  res.writeHead(204).end();
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const DEMO_PAGES: Record<string, string> = { '/demo': 'Home', '/demo/pricing': 'Pricing' };

/** GET /demo[?channel=<id or key>]: a sample site with a website channel's widget, to play both sides. */
export const handleDemo = answeringErrors(demoPage);

async function demoPage(req: IncomingMessage, res: ServerResponse, deps: Deps, pathname: string) {
  const page = DEMO_PAGES[pathname.replace(/\/$/, '')];
  if (!page) return sendJson(res, 404, { error: { appCode: 'not_found' } });
  let template: string;
  try {
    template = await readFile(path.join(deps.config.widgetDist, 'demo.html'), 'utf8');
  } catch {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end('The widget is not built yet. Run `npm start` (it builds first) or `npm run build`.\n');
  }
  // Many accounts on one server: `?channel=<id or public key>` picks the site; without it, the oldest
  // website channel (what a single-account install has always shown).
  const wanted = new URL(req.url ?? '/', 'http://localhost').searchParams.get('channel')?.slice(0, 100);
  const channel = await deps.systemDb.channel.findFirst({
    where: {
      kind: 'website',
      enabled: true,
      account: { suspendedAt: null },
      ...(wanted ? { OR: [{ id: wanted }, { publicKey: wanted }] } : {}),
    },
    orderBy: { createdAt: 'asc' },
  });
  const origin = deps.config.publicUrl ?? `http://${req.headers.host ?? `localhost:${deps.config.port}`}`;
  let html = template
    .replaceAll('{{page}}', page)
    .replaceAll('{{snippet}}', channel ? snippetFor(escapeHtml(origin), escapeHtml(channel.publicKey)) : '')
    .replaceAll(
      '{{notice}}',
      channel
        ? ''
        : wanted
          ? 'There is no website channel with this id that is switched on (or its account is suspended).'
          : 'No website channel yet: in the console, open Manage → Channels and add a website, then reload this page.',
    );
  // The demo's own links keep the chosen channel.
  if (wanted && channel) {
    const param = `channel=${encodeURIComponent(wanted)}`;
    html = html.replace(/href="(\/demo[^"?]*)(?:\?([^"]*))?"/g, (_m, base: string, query?: string) =>
      query ? `href="${base}?${param}&amp;${query}"` : `href="${base}?${param}"`,
    );
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}
