import { definePlugin, PLUGIN_API_VERSION, PluginError, providerError } from '@parley/plugin-sdk';
import { z } from 'zod';
import { signedHeaders, verify } from './signature.js';

/** Requests older than this (or this far in the future) are refused as replays. */
const MAX_SKEW_SECONDS = 300;

const configSchema = z.object({
  /** Where Parley POSTs agents' replies. */
  outboundUrl: z.url().meta({ title: 'Outbound URL' }),
  /** Shared with the other side; signs both directions. */
  signingSecret: z.string().min(16).meta({ secret: true, title: 'Signing secret' }),
});

const inboundSchema = z.object({
  id: z.string().min(1),
  from: z.object({ id: z.string().min(1), name: z.string().optional(), email: z.string().optional() }),
  text: z.string(),
  sentAt: z.string().optional(),
});

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/**
 * A channel that bridges conversations to any HTTP service:
 * - inbound: the service POSTs `{ id, from: { id, name?, email? }, text }` to the channel's webhook
 *   URL with `X-Parley-Timestamp` and `X-Parley-Signature: sha256=HMAC(secret, "<ts>.<body>")`;
 * - outbound: Parley POSTs `{ to, text, inReplyTo? }` to `outboundUrl`, signed the same way, and
 *   expects `{ id }` back.
 */
export default definePlugin({
  name: 'parley-plugin-example',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'HTTP bridge (example)',
  description: 'Connect any service that can send and receive signed JSON webhooks.',
  configSchema,
  urlFields: ['outboundUrl'],
  capabilities: ['channel'],
  setup(ctx) {
    const { outboundUrl, signingSecret } = ctx.config;
    return {
      channel: {
        features: { attachments: false, maxTextLength: 4000, inbound: ['webhook'] },

        async send(message) {
          if (message.text.length > 4000) throw new PluginError('text longer than 4000', { kind: 'input' });
          const body = JSON.stringify({
            to: message.to.externalId,
            text: message.text,
            ...(message.inReplyToExternalId ? { inReplyTo: message.inReplyToExternalId } : {}),
          });
          const res = await ctx.fetch(outboundUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...signedHeaders(signingSecret, body) },
            body,
          });
          if (!res.ok) throw await providerError(res, 'bridge send');
          const data = (await res.json()) as { id?: unknown };
          if (typeof data.id !== 'string' && typeof data.id !== 'number') {
            throw new PluginError('bridge answered without an id', { kind: 'provider' });
          }
          return { externalMessageId: String(data.id) };
        },

        async handleWebhook(request) {
          if (request.method !== 'POST') return { response: { status: 405 }, events: [] };
          const timestamp = header(request.headers, 'x-parley-timestamp');
          const signature = header(request.headers, 'x-parley-signature');
          if (!timestamp || !signature || !verify(signingSecret, timestamp, request.rawBody, signature)) {
            return { response: { status: 401, body: 'bad signature' }, events: [] };
          }
          if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
            return { response: { status: 401, body: 'stale request' }, events: [] };
          }
          const parsed = inboundSchema.safeParse(JSON.parse(request.rawBody.toString('utf8') || 'null'));
          if (!parsed.success) return { response: { status: 400, body: 'bad payload' }, events: [] };
          const m = parsed.data;
          // A redelivery inside the allowed skew yields the same message id: Parley stores it once,
          // and only after storing it answers 2xx (marking it seen here would lose it if that failed).
          return {
            response: { status: 200, body: 'ok' },
            events: [
              {
                type: 'message',
                externalMessageId: m.id,
                contact: {
                  externalId: m.from.id,
                  ...(m.from.name ? { name: m.from.name } : {}),
                  ...(m.from.email ? { email: m.from.email } : {}),
                },
                text: m.text,
                attachments: [],
                sentAt: m.sentAt ? new Date(m.sentAt) : new Date(),
              },
            ],
          };
        },

        async sendTest({ to }) {
          if (!to) return { detail: 'configuration is valid; give a recipient id to send a test message' };
          const sent = await this.send({ to: { externalId: to }, text: 'Parley test message' });
          return { detail: `sent as ${sent.externalMessageId}` };
        },
      },
    };
  },
});

export { sign, signedHeaders, verify } from './signature.js';
