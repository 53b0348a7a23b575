import { z } from 'zod';
import { httpUrl } from '../../config.js';
import { definePlugin } from '../../define-plugin.js';
import { PluginError } from '../../errors.js';
import type { Attachment, InboundEvent } from '../../types.js';
import { PLUGIN_API_VERSION } from '../../version.js';
import { graphError, metaWebhookGate, metaWebhookPrecheck } from '../meta.js';
import { seenBefore, trimSlash } from '../util.js';

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
    attachments?: { type: string; payload?: { url?: string } }[];
    reply_to?: { mid: string };
  };
}

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
              const m = e.message;
              // Echoes are our own (or the Page inbox's) messages.
              if (!m || m.is_echo || e.sender.id === c.pageId) continue;
              if (await seenBefore(ctx.kv, `mid:${m.mid}`, 7 * 24 * 3600)) continue;
              const attachments: Attachment[] = [];
              for (const [i, a] of (m.attachments ?? []).entries()) {
                if (a.payload?.url) attachments.push(await download(a.payload.url, a.type, m.mid, i));
              }
              events.push({
                type: 'message',
                externalMessageId: m.mid,
                contact: { externalId: e.sender.id },
                text: m.text ?? '',
                attachments,
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
