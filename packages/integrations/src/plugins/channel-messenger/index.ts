import type { Attachment, InboundEvent } from '@parley/plugin-sdk';
import { definePlugin, fetchParts, httpUrl, PLUGIN_API_VERSION, PluginError } from '@parley/plugin-sdk';
import { z } from 'zod';
import { graphError, metaWebhookGate, metaWebhookPrecheck } from '../meta.js';
import { trimSlash } from '../util.js';

const configSchema = z.object({
  pageId: z.string().regex(/^\d+$/).meta({ title: 'Page ID' }),
  pageAccessToken: z.string().min(1).meta({ secret: true, title: 'Page access token' }),
  appSecret: z.string().min(1).meta({ secret: true, title: 'App secret' }),
  verifyToken: z.string().min(8).meta({ secret: true, title: 'Webhook verify token' }),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default('v21.0')
    .meta({ title: 'Graph API version' }),
  baseUrl: httpUrl().default('https://graph.facebook.com').meta({ title: 'Graph API URL' }),
});

interface MessagingEvent {
  sender: { id: string };
  recipient: { id: string };
  timestamp: number;
  message?: {
    mid: string;
    text?: string;
    is_echo?: boolean;
    attachments?: {
      type: string;
      payload?: { url?: string; coordinates?: { lat: number; long: number }; title?: string };
    }[];
    reply_to?: { mid: string };
  };
  /** Our messages reached the person's device: these mids, and everything up to the watermark. */
  delivery?: { mids?: string[]; watermark: number };
  /** The person read everything we sent up to the watermark. */
  read?: { watermark: number };
}

const LABELS: Record<string, string> = { image: 'Photo', video: 'Video', audio: 'Audio', file: 'File' };

/** (#10) outside the window, (#100) bad parameter, (#551) person unavailable. */
const INPUT_CODES = [10, 100, 551, 200];

const MIME: Record<string, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/mpeg',
  file: 'application/octet-stream',
};

/** Facebook Messenger Platform: verify handshake, signed webhooks, Send API, 24-hour window. */
export default definePlugin({
  name: 'channel-messenger',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'Facebook Messenger',
  description: 'Messages to a Facebook Page through the Messenger Platform.',
  configSchema,
  urlFields: ['baseUrl'],
  // Attachment payload URLs point at Meta's CDNs.
  allowedHosts: () => ['*.fbcdn.net', '*.fbsbx.com'],
  capabilities: ['channel'],
  setup(ctx) {
    const c = ctx.config;
    const sendUrl = `${trimSlash(c.baseUrl)}/${c.apiVersion}/me/messages?access_token=${encodeURIComponent(c.pageAccessToken)}`;

    async function download(url: string, type: string, mid: string, i: number): Promise<Attachment> {
      const res = await ctx.fetch(url);
      if (!res.ok)
        throw new PluginError(`Messenger attachment download: HTTP ${res.status}`, { kind: 'provider' });
      const mimeType =
        res.headers.get('content-type')?.split(';')[0] || MIME[type] || 'application/octet-stream';
      const name = new URL(url).pathname.split('/').pop() || `${type}-${mid}-${i}`;
      return {
        fileName: name.includes('.') ? name : `${name}.${mimeType.split('/')[1] ?? 'bin'}`,
        mimeType,
        data: Buffer.from(await res.arrayBuffer()),
      };
    }

    /** message_deliveries (by mids and watermark) and message_reads (by watermark). */
    function receipts(e: MessagingEvent): InboundEvent[] {
      const out: InboundEvent[] = [];
      const at = new Date(e.timestamp);
      for (const mid of e.delivery?.mids ?? []) {
        out.push({ type: 'status', externalMessageId: mid, status: 'delivered', at });
      }
      if (e.delivery?.watermark) {
        out.push({
          type: 'watermark',
          contactExternalId: e.sender.id,
          status: 'delivered',
          watermark: new Date(e.delivery.watermark),
        });
      }
      if (e.read?.watermark) {
        out.push({
          type: 'watermark',
          contactExternalId: e.sender.id,
          status: 'read',
          watermark: new Date(e.read.watermark),
        });
      }
      return out;
    }

    async function sendBody(body: Record<string, unknown> | FormData): Promise<string> {
      const isForm = body instanceof FormData;
      const res = await ctx.fetch(sendUrl, {
        method: 'POST',
        ...(isForm
          ? { body }
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      if (!res.ok) throw await graphError(res, 'Messenger send', INPUT_CODES);
      const data = (await res.json()) as { message_id?: string };
      if (!data.message_id) throw new PluginError('Messenger send: no message_id', { kind: 'provider' });
      return data.message_id;
    }

    return {
      channel: {
        features: {
          replyWindowHours: 24,
          attachments: true,
          maxAttachmentBytes: 25 * 1024 * 1024,
          maxTextLength: 2000,
          inbound: ['webhook'],
        },

        precheckWebhook: metaWebhookPrecheck,

        async handleWebhook(request) {
          const gate = metaWebhookGate(request, c);
          if ('done' in gate) return gate.done;
          const body = gate.body as {
            object?: string;
            entry?: { id: string; messaging?: MessagingEvent[] }[];
          };
          if (body.object !== 'page') return { response: { status: 200 }, events: [] };
          const events: InboundEvent[] = [];
          for (const entry of body.entry ?? []) {
            if (entry.id !== c.pageId) continue;
            for (const e of entry.messaging ?? []) {
              if (e.sender.id === c.pageId) continue;
              events.push(...receipts(e));
              const m = e.message;
              // Echoes are our own (or the Page inbox's) messages. Redeliveries are dropped by mid
              // once stored, by Parley.
              if (!m || m.is_echo) continue;
              // A shared link (`fallback`) is a web page, not a file: it reads as its title and link.
              const files = (m.attachments ?? []).filter((a) => a.payload?.url && a.type !== 'fallback');
              const links = (m.attachments ?? []).flatMap((a) =>
                a.type === 'fallback' && a.payload?.url
                  ? [[a.payload.title, a.payload.url].filter(Boolean).join(' ')]
                  : [],
              );
              const { attachments, missing } = await fetchParts(
                files.map((a, i) => ({
                  label: LABELS[a.type] ?? 'File',
                  fetch: () => download(a.payload?.url ?? '', a.type, m.mid, i),
                })),
                ctx.signal,
              );
              const places = (m.attachments ?? []).flatMap((a) => {
                const at = a.payload?.coordinates;
                return at
                  ? [
                      `📍 ${a.payload?.title ?? 'Location'} (${at.lat}, ${at.long}) https://www.openstreetmap.org/?mlat=${at.lat}&mlon=${at.long}#map=17/${at.lat}/${at.long}`,
                    ]
                  : [];
              });
              events.push({
                type: 'message',
                externalMessageId: m.mid,
                contact: { externalId: e.sender.id },
                text: [m.text ?? '', ...places, ...links].filter(Boolean).join('\n'),
                attachments,
                ...(missing.length ? { missing } : {}),
                sentAt: new Date(e.timestamp),
                ...(m.reply_to?.mid ? { replyToExternalId: m.reply_to.mid } : {}),
              });
            }
          }
          return { response: { status: 200 }, events };
        },

        async send(message) {
          const recipient = { id: message.to.externalId };
          let last: string | undefined;
          if (message.text.trim()) {
            if (message.text.length > 2000) throw new PluginError('text longer than 2000', { kind: 'input' });
            last = await sendBody({ recipient, messaging_type: 'RESPONSE', message: { text: message.text } });
          }
          for (const file of message.attachments ?? []) {
            const type = file.mimeType.startsWith('image/')
              ? 'image'
              : file.mimeType.startsWith('video/')
                ? 'video'
                : file.mimeType.startsWith('audio/')
                  ? 'audio'
                  : 'file';
            const form = new FormData();
            form.set('recipient', JSON.stringify(recipient));
            form.set('messaging_type', 'RESPONSE');
            form.set('message', JSON.stringify({ attachment: { type, payload: { is_reusable: false } } }));
            form.set(
              'filedata',
              new Blob([new Uint8Array(file.data)], { type: file.mimeType }),
              file.fileName,
            );
            last = await sendBody(form);
          }
          if (!last) throw new PluginError('empty message', { kind: 'input' });
          return { externalMessageId: last };
        },

        async sendTest({ to }) {
          if (!to) return { detail: 'give a PSID (someone who wrote to the Page) to send a test message' };
          const id = await sendBody({
            recipient: { id: to },
            messaging_type: 'RESPONSE',
            message: { text: 'Parley test message' },
          });
          return { detail: `sent ${id}` };
        },
      },
    };
  },
});
