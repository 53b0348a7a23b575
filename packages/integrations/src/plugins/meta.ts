import type { WebhookHead, WebhookRequest, WebhookResponse, WebhookResult } from '@parley/plugin-sdk';
import { PluginError, retryAfterOf } from '@parley/plugin-sdk';
import { header, parseJson, safeEqual, verifyHubSignature } from './util.js';

/**
 * The two halves of a Meta webhook (WhatsApp Cloud API, Messenger): the GET verification
 * handshake (hub.mode/hub.verify_token/hub.challenge) and the POST signature check
 * (X-Hub-Signature-256 over the raw body). Returns the parsed body or a finished response.
 */
export function metaWebhookGate(
  request: WebhookRequest,
  secrets: { verifyToken: string; appSecret: string },
): { done: WebhookResult } | { body: unknown } {
  if (request.method === 'GET') {
    const mode = request.query['hub.mode'];
    const token = request.query['hub.verify_token'] ?? '';
    const challenge = request.query['hub.challenge'] ?? '';
    if (mode === 'subscribe' && safeEqual(token, secrets.verifyToken) && /^[\w-]{1,100}$/.test(challenge)) {
      return {
        done: {
          response: { status: 200, headers: { 'content-type': 'text/plain' }, body: challenge },
          events: [],
        },
      };
    }
    return { done: { response: { status: 403 }, events: [] } };
  }
  if (request.method !== 'POST') return { done: { response: { status: 405 }, events: [] } };
  if (!verifyHubSignature(secrets.appSecret, request.rawBody, header(request, 'x-hub-signature-256'))) {
    return { done: { response: { status: 401 }, events: [] } };
  }
  const body = parseJson(request.rawBody);
  if (!body || typeof body !== 'object') return { done: { response: { status: 400 }, events: [] } };
  return { body };
}

/** Before the body is read: a POST without Meta's signature header cannot be Meta's. */
export function metaWebhookPrecheck(head: WebhookHead): WebhookResponse | undefined {
  if (head.method === 'POST' && !header(head, 'x-hub-signature-256')) return { status: 401 };
  return undefined;
}

interface GraphErrorBody {
  error?: { message?: string; code?: number; error_subcode?: number; type?: string };
}

/** Graph API error → PluginError; `inputCodes` are the provider's "your request, not our outage" codes. */
export async function graphError(
  res: Response,
  what: string,
  inputCodes: readonly number[],
): Promise<PluginError> {
  const data = (await res.json().catch(() => ({}))) as GraphErrorBody;
  const code = data.error?.code;
  const message = data.error?.message ?? `HTTP ${res.status}`;
  const auth = code === 190 || res.status === 401;
  const input = code !== undefined && inputCodes.includes(code);
  const retryAfterMs = retryAfterOf(res);
  return new PluginError(`${what}: ${message}`, {
    kind: auth ? 'auth' : input ? 'input' : res.status >= 500 || res.status === 429 ? 'provider' : 'input',
    code: code === undefined ? String(res.status) : String(code),
    retryable: !auth && !input && (res.status >= 500 || res.status === 429 || code === 4 || code === 80007),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
