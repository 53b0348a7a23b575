import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Deps, scopedDeps } from '../deps';
import { applyBillingEvents } from '../domain/billing/apply';
import { isBillingPlugin } from '../domain/billing/install';
import { applyPhoneEvents } from '../domain/calls/phone';
import { persistInbound } from '../domain/integrations/inbound';
import { chatDeps } from '../lib/handler-deps';
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
        select: { id: true, enabled: true, channelId: true, accountId: true, name: true },
      })
    : null;
  const url = new URL(req.url ?? '/', 'http://x');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
  const head = { method: req.method ?? 'POST', headers, query: Object.fromEntries(url.searchParams) };
  // J6: a billing install has no channel; its events change account plans (operator-only installs).
  if (install && isBillingPlugin(deps.plugins, install.name)) {
    if (!install.enabled)
      return sendJson(res, 503, {
        error: { appCode: 'integration.disabled', message: 'This integration is disabled' },
      });
    return receiveBillingWebhook(req, res, deps, install.id, head);
  }
  if (!install?.channelId)
    return sendJson(res, 404, { error: { appCode: 'not_found', message: 'Unknown webhook' } });
  if (!install.enabled)
    return sendJson(res, 503, {
      error: { appCode: 'integration.disabled', message: 'This channel is disabled' },
    });
  // H2: a phone channel's status callbacks and inbound calls, same route, the phone capability's path.
  if (deps.plugins.getPlugin(install.name)?.capabilities.includes('phone'))
    return receivePhoneWebhook(req, res, deps, { id: install.id, accountId: install.accountId }, head);
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
  const rawBody = await bodyPastGate(req, res, gate);
  if (rawBody === null) return;
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

/**
 * A phone plugin's webhook: as above (precheck, size limit, the plugin verifies the signature), but
 * the events are call events, applied to the call records in the install's account before the
 * plugin's document (TwiML...) is answered.
 */
async function receivePhoneWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  deps: Deps,
  install: { id: string; accountId: string },
  head: { method: string; headers: Record<string, string>; query: Record<string, string> },
) {
  const failed = () =>
    sendJson(res, 502, {
      error: { appCode: 'integration.failed', message: 'The channel could not read this request' },
    });
  let gate: Awaited<ReturnType<Deps['plugins']['phoneWebhookGate']>>;
  try {
    gate = await deps.plugins.phoneWebhookGate(install.id, head);
  } catch (err) {
    deps.logger.warn({ err, installId: install.id }, 'phone webhook precheck failed in plugin');
    return failed();
  }
  const rawBody = await bodyPastGate(req, res, gate);
  if (rawBody === null) return;
  const scoped = scopedDeps(deps, install.accountId);
  let response: Awaited<ReturnType<Deps['plugins']['receivePhoneWebhook']>>;
  try {
    response = await deps.plugins.receivePhoneWebhook(install.id, { ...head, rawBody }, (events) =>
      applyPhoneEvents({ ...chatDeps(scoped), ice: deps.config.ice }, install.id, events),
    );
  } catch (err) {
    deps.logger.warn({ err, installId: install.id }, 'phone webhook failed in plugin');
    return failed();
  }
  res.writeHead(response.status, { ...(response.headers ?? {}) });
  res.end(response.body ?? '');
}

/**
 * A billing plugin's webhook (J6): precheck and size limit as above, the plugin verifies the
 * provider's signature and normalises the events, and each is applied once, in its own transaction,
 * before the answer goes out (a 5xx makes the provider deliver it again).
 */
async function receiveBillingWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  deps: Deps,
  installId: string,
  head: { method: string; headers: Record<string, string>; query: Record<string, string> },
) {
  const failed = () =>
    sendJson(res, 502, {
      error: { appCode: 'integration.failed', message: 'The integration could not read this request' },
    });
  let gate: Awaited<ReturnType<Deps['plugins']['billingWebhookGate']>>;
  try {
    gate = await deps.plugins.billingWebhookGate(installId, head);
  } catch (err) {
    deps.logger.warn({ err, installId }, 'billing webhook precheck failed in plugin');
    return failed();
  }
  const rawBody = await bodyPastGate(req, res, gate);
  if (rawBody === null) return;
  let response: Awaited<ReturnType<Deps['plugins']['receiveBillingWebhook']>>;
  try {
    response = await deps.plugins.receiveBillingWebhook(installId, { ...head, rawBody }, (events) =>
      applyBillingEvents(
        {
          systemDb: deps.systemDb,
          bus: deps.bus,
          logger: deps.logger,
          graceDays: deps.config.billingGraceDays,
        },
        installId,
        events,
      ),
    );
  } catch (err) {
    deps.logger.warn({ err, installId }, 'billing webhook failed in plugin');
    return failed();
  }
  res.writeHead(response.status, { ...(response.headers ?? {}) });
  res.end(response.body ?? '');
}

/**
 * What the plugin's gate let through: a refused request is answered without reading its body (the
 * connection is closed rather than drained, so unsigned senders cannot make us buffer megabytes), a
 * body over the gate's limit gets a 413; null when the answer already went out.
 */
async function bodyPastGate(
  req: IncomingMessage,
  res: ServerResponse,
  gate: {
    refused?: { status: number; headers?: Record<string, string>; body?: string } | null;
    maxBytes: number;
  },
) {
  if (gate.refused) {
    res.writeHead(gate.refused.status, { ...(gate.refused.headers ?? {}), connection: 'close' });
    res.end(gate.refused.body ?? '');
    return null;
  }
  const rawBody = await readBody(req, gate.maxBytes);
  if (!rawBody) {
    res.setHeader('connection', 'close');
    sendJson(res, 413, { error: { appCode: 'too_large', message: 'Body too large' } });
    return null;
  }
  return rawBody;
}
