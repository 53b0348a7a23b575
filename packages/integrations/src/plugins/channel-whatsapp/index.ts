import type { Attachment, InboundEvent } from '@parley/plugin-sdk';
import {
  definePlugin,
  fetchParts,
  httpUrl,
  type PartToFetch,
  PLUGIN_API_VERSION,
  PluginError,
} from '@parley/plugin-sdk';
import { z } from 'zod';
import { graphError, metaWebhookGate, metaWebhookPrecheck } from '../meta.js';
import { trimSlash } from '../util.js';

const configSchema = z.object({
  phoneNumberId: z.string().regex(/^\d+$/).meta({ title: 'Phone number ID' }),
  accessToken: z.string().min(1).meta({ secret: true, title: 'Access token (system user)' }),
  appSecret: z.string().min(1).meta({ secret: true, title: 'App secret' }),
  verifyToken: z.string().min(8).meta({ secret: true, title: 'Webhook verify token' }),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default('v21.0')
    .meta({ title: 'Graph API version' }),
  baseUrl: httpUrl().default('https://graph.facebook.com').meta({ title: 'Graph API URL' }),
});

interface WaMessage {
  from: string;
  id: string;
  timestamp: string;
  type: string;
  text?: { body: string };
  image?: { id: string; mime_type: string; caption?: string };
  document?: { id: string; mime_type: string; filename?: string; caption?: string };
  audio?: { id: string; mime_type: string };
  video?: { id: string; mime_type: string; caption?: string };
  sticker?: { id: string; mime_type: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  contacts?: { name?: { formatted_name?: string }; phones?: { phone?: string }[] }[];
  /** A tap on a reply button or list row of an interactive message we sent. */
  interactive?: { button_reply?: { title?: string }; list_reply?: { title?: string; description?: string } };
  /** A tap on a quick-reply button of a template. */
  button?: { text?: string };
  reaction?: { message_id?: string; emoji?: string };
  context?: { id: string };
}
interface WaValue {
  metadata?: { phone_number_id?: string };
  contacts?: { wa_id: string; profile?: { name?: string } }[];
  messages?: WaMessage[];
  statuses?: { id: string; status: string; timestamp: string; errors?: { code: number; title: string }[] }[];
}

/** Codes that are about the message/recipient, not an outage (131047: 24-hour window closed). */
const INPUT_CODES = [100, 131008, 131009, 131021, 131026, 131047, 131051, 131052, 132000, 132001];

const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;
const LABELS: Record<(typeof MEDIA_TYPES)[number], string> = {
  image: 'Photo',
  document: 'Document',
  audio: 'Audio',
  video: 'Video',
  sticker: 'Sticker',
};

/** Shared locations and contacts, button taps and reactions as the text an agent reads. */
function cardText(m: WaMessage): string {
  const choice = m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? m.button?.text;
  if (choice) return choice;
  // An empty emoji is a reaction taken back.
  if (m.reaction) return m.reaction.emoji ? `Reacted ${m.reaction.emoji}` : 'Removed a reaction';
  if (m.location) {
    const { latitude: lat, longitude: lon } = m.location;
    const place = [m.location.name, m.location.address].filter(Boolean).join(', ');
    return `📍 ${place ? `${place} ` : 'Location: '}(${lat}, ${lon}) https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
  }
  return (m.contacts ?? [])
    .map(
      (c) =>
        `👤 Contact: ${[c.name?.formatted_name, ...(c.phones ?? []).map((p) => p.phone)].filter(Boolean).join(', ')}`,
    )
    .join('\n');
}

/** WhatsApp Cloud API: verify handshake, signed webhooks, send API, 24-hour reply window. */
export default definePlugin({
  name: 'channel-whatsapp',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'WhatsApp',
  description: 'WhatsApp Business through the WhatsApp Cloud API.',
  configSchema,
  urlFields: ['baseUrl'],
  // Media downloads come from Meta's CDN host.
  allowedHosts: () => ['lookaside.fbsbx.com'],
  capabilities: ['channel'],
  setup(ctx) {
    const c = ctx.config;
    const graph = `${trimSlash(c.baseUrl)}/${c.apiVersion}`;
    const auth = { authorization: `Bearer ${c.accessToken}` };

    async function download(id: string, mimeType: string, fileName: string): Promise<Attachment> {
      const meta = await ctx.fetch(`${graph}/${id}`, { headers: auth });
      if (!meta.ok) throw await graphError(meta, 'WhatsApp media lookup', INPUT_CODES);
      const { url } = (await meta.json()) as { url: string };
      const file = await ctx.fetch(url, { headers: auth });
      if (!file.ok)
        throw new PluginError(`WhatsApp media download: HTTP ${file.status}`, { kind: 'provider' });
      return { fileName, mimeType, data: Buffer.from(await file.arrayBuffer()) };
    }

    async function toEvents(value: WaValue): Promise<InboundEvent[]> {
      const events: InboundEvent[] = [];
      // Meta redelivers until it gets a 2xx; Parley drops the copies by wamid once they are stored.
      for (const m of value.messages ?? []) {
        const name = value.contacts?.find((x) => x.wa_id === m.from)?.profile?.name;
        const parts: PartToFetch[] = [];
        let text = m.text?.body ?? '';
        for (const type of MEDIA_TYPES) {
          const media = m[type] as
            | { id: string; mime_type: string; caption?: string; filename?: string }
            | undefined;
          if (!media) continue;
          const ext = media.mime_type.split('/')[1]?.split(';')[0] ?? 'bin';
          const fileName = media.filename ?? `${type}-${media.id}.${ext}`;
          parts.push({
            label: LABELS[type],
            ...(media.filename ? { fileName } : {}),
            fetch: () => download(media.id, media.mime_type, fileName),
            // Media ids stay valid for 30 days.
            retry: JSON.stringify({ id: media.id, mimeType: media.mime_type, fileName }),
          });
          text ||= media.caption ?? '';
        }
        const { attachments, missing } = await fetchParts(parts, ctx.signal);
        events.push({
          type: 'message',
          externalMessageId: m.id,
          contact: { externalId: m.from, phone: `+${m.from}`, ...(name ? { name } : {}) },
          text: [text, cardText(m)].filter(Boolean).join('\n'),
          attachments,
          ...(missing.length ? { missing } : {}),
          sentAt: new Date(Number(m.timestamp) * 1000),
          ...(m.context?.id ? { replyToExternalId: m.context.id } : {}),
        });
      }
      for (const s of value.statuses ?? []) {
        if (!['sent', 'delivered', 'read', 'failed'].includes(s.status)) continue;
        const error = s.errors?.[0];
        events.push({
          type: 'status',
          externalMessageId: s.id,
          status: s.status as 'sent' | 'delivered' | 'read' | 'failed',
          at: new Date(Number(s.timestamp) * 1000),
          ...(error ? { error: `${error.code} ${error.title}` } : {}),
        });
      }
      return events;
    }

    async function post(body: object): Promise<string> {
      const res = await ctx.fetch(`${graph}/${c.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...body }),
      });
      if (!res.ok) throw await graphError(res, 'WhatsApp send', INPUT_CODES);
      const data = (await res.json()) as { messages?: { id: string }[] };
      const id = data.messages?.[0]?.id;
      if (!id) throw new PluginError('WhatsApp send: no message id', { kind: 'provider' });
      return id;
    }

    async function upload(file: Attachment): Promise<string> {
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', file.mimeType);
      form.set('file', new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName);
      const res = await ctx.fetch(`${graph}/${c.phoneNumberId}/media`, {
        method: 'POST',
        headers: auth,
        body: form,
      });
      if (!res.ok) throw await graphError(res, 'WhatsApp media upload', INPUT_CODES);
      return ((await res.json()) as { id: string }).id;
    }

    return {
      channel: {
        features: {
          replyWindowHours: 24,
          attachments: true,
          maxAttachmentBytes: 16 * 1024 * 1024,
          maxTextLength: 4096,
          inbound: ['webhook'],
        },

        async fetchPart(retry) {
          const { id, mimeType, fileName } = JSON.parse(retry) as Record<string, string>;
          if (!id || !mimeType || !fileName) throw new PluginError('bad retry handle', { kind: 'input' });
          return download(id, mimeType, fileName);
        },

        precheckWebhook: metaWebhookPrecheck,

        async handleWebhook(request) {
          const gate = metaWebhookGate(request, c);
          if ('done' in gate) return gate.done;
          const body = gate.body as {
            object?: string;
            entry?: { changes?: { field: string; value: WaValue }[] }[];
          };
          if (body.object !== 'whatsapp_business_account') return { response: { status: 200 }, events: [] };
          const events: InboundEvent[] = [];
          for (const entry of body.entry ?? []) {
            for (const change of entry.changes ?? []) {
              if (change.field !== 'messages') continue;
              // One Meta app may serve several numbers: keep this channel's.
              if (change.value.metadata?.phone_number_id !== c.phoneNumberId) continue;
              events.push(...(await toEvents(change.value)));
            }
          }
          return { response: { status: 200 }, events };
        },

        async send(message) {
          const to = message.to.externalId.replace(/^\+/, '');
          const context = message.inReplyToExternalId
            ? { context: { message_id: message.inReplyToExternalId } }
            : {};
          const files = message.attachments ?? [];
          let last: string | undefined;
          const captionFits = files.length === 1 && message.text.length <= 1024;
          if (message.text.trim() && !captionFits) {
            last = await post({
              to,
              type: 'text',
              text: { body: message.text, preview_url: true },
              ...context,
            });
          }
          for (const file of files) {
            const id = await upload(file);
            const type = /^image\/(jpeg|png)$/.test(file.mimeType) ? 'image' : 'document';
            const caption = captionFits && message.text.trim() ? { caption: message.text } : {};
            last = await post({
              to,
              type,
              [type]: { id, ...caption, ...(type === 'document' ? { filename: file.fileName } : {}) },
              ...context,
            });
          }
          if (!last) throw new PluginError('empty message', { kind: 'input' });
          return { externalMessageId: last };
        },

        async sendTest({ to }) {
          if (!to) {
            const res = await ctx.fetch(`${graph}/${c.phoneNumberId}`, { headers: auth });
            if (!res.ok) throw await graphError(res, 'WhatsApp phone number lookup', INPUT_CODES);
            return { detail: 'credentials accepted' };
          }
          const id = await post({
            to: to.replace(/^\+/, ''),
            type: 'text',
            text: { body: 'Parley test message' },
          });
          return { detail: `sent ${id}` };
        },
      },
    };
  },
});
