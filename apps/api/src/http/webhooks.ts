import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../deps';
import { persistInbound } from '../domain/integrations/inbound';
import { answeringErrors, readBody, sendJson } from './respond';

/**
 * `/hooks/<installId>`: a provider's webhook (Telegram, WhatsApp, Messenger...). The plugin checks
 * the signature and answers handshakes; the host's `receiveWebhook` stores what it extracted before
 * answering, so a provider that gets no 2xx retries and nothing is lost (each provider id is stored
 * with its message, and a redelivery is dropped by it).
 */
export const handleWebhook = answeringErrors(receiveWebhook);

async function receiveWebhook(req: IncomingMessage, res: ServerResponse, deps: Deps, installId: string) {
  const install = /^[\w-]{1,64}$/.test(installId)
    ? await deps.db.pluginInstall.findUnique({
        where: { id: installId },
        select: { id: true, enabled: true, channelId: true },
      })
    : null;
  if (!install?.channelId)
    return sendJson(res, 404, { error: { appCode: 'not_found', message: 'Unknown webhook' } });
  if (!install.enabled)
    return sendJson(res, 503, {
      error: { appCode: 'integration.disabled', message: 'This channel is disabled' },
    });
  const url = new URL(req.url ?? '/', 'http://x');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
  const head = { method: req.method ?? 'POST', headers, query: Object.fromEntries(url.searchParams) };
  // Before any of the body is read: the plugin's header check and its size limit (1 MB unless it
  // says otherwise), so unsigned senders cannot make us buffer megabytes.
  let gate: Awaited<ReturnType<Deps['plugins']['webhookGate']>>;
  try {
    gate = await deps.plugins.webhookGate(install.id, head);
  } catch (err) {
    deps.logger.warn({ err, installId }, 'webhook precheck failed in plugin');
    return sendJson(res, 502, {
      error: { appCode: 'integration.failed', message: 'The channel could not read this request' },
    });
  }
  // A refused request's body is never read: close the connection instead of draining it.
  if (gate.refused) {
    res.writeHead(gate.refused.status, { ...(gate.refused.headers ?? {}), connection: 'close' });
    return res.end(gate.refused.body ?? '');
  }
  const rawBody = await readBody(req, gate.maxBytes);
  if (!rawBody) {
    res.setHeader('connection', 'close');
    return sendJson(res, 413, { error: { appCode: 'too_large', message: 'Body too large' } });
  }
  let response: Awaited<ReturnType<Deps['plugins']['receiveWebhook']>>;
  try {
    response = await deps.plugins.receiveWebhook(install.id, { ...head, rawBody }, async (events) => {
      await persistInbound(deps, install.id, events);
    });
  } catch (err) {
    deps.logger.warn({ err, installId }, 'webhook failed in plugin');
    return sendJson(res, 502, {
      error: { appCode: 'integration.failed', message: 'The channel could not read this request' },
    });
  }
  const { status, headers: outHeaders, body } = response;
  res.writeHead(status, { ...(outHeaders ?? {}) });
  res.end(
    body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  );
}
