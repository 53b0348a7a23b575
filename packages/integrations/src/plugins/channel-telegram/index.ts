import type { Attachment, InboundEvent, InboundMessageEvent, PluginContext } from '@parley/plugin-sdk';
import {
  definePlugin,
  fetchParts,
  httpUrl,
  type PartToFetch,
  PLUGIN_API_VERSION,
  PluginError,
} from '@parley/plugin-sdk';
import { z } from 'zod';
import { header, parseJson, safeEqual, trimSlash } from '../util.js';

const configSchema = z.object({
  botToken: z
    .string()
    .regex(/^\d+:[\w-]+$/)
    .meta({ secret: true, title: 'Bot token (from @BotFather)' }),
  baseUrl: httpUrl().default('https://api.telegram.org').meta({ title: 'Bot API URL' }),
});
type Config = z.output<typeof configSchema>;

interface TgUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
}
interface TgFile {
  file_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}
interface TgMessage {
  message_id: number;
  message_thread_id?: number;
  from?: TgUser;
  chat: {
    id: number;
    /** Missing in some clients' and bridges' updates: still a message from that chat. */
    type?: string;
    title?: string;
    first_name?: string;
    last_name?: string;
    username?: string;
  };
  date: number;
  text?: string;
  caption?: string;
  photo?: { file_id: string; width: number; height: number; file_size?: number }[];
  document?: TgFile;
  voice?: TgFile;
  audio?: TgFile & { title?: string; performer?: string };
  video?: TgFile;
  video_note?: TgFile;
  animation?: TgFile;
  sticker?: TgFile & { emoji?: string; is_animated?: boolean; is_video?: boolean };
  location?: { latitude: number; longitude: number };
  venue?: { location: { latitude: number; longitude: number }; title: string; address: string };
  contact?: { phone_number: string; first_name: string; last_name?: string; user_id?: number };
  reply_to_message?: { message_id: number };
  edit_date?: number;
}
interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
}

/** The media kinds of a Telegram message: what the agent reads them as, and the name they get. */
const MEDIA: {
  key: 'document' | 'voice' | 'audio' | 'video' | 'video_note' | 'animation' | 'sticker';
  label: string;
  name: (m: TgMessage, f: TgFile) => string;
  mimeType: (f: TgFile) => string;
}[] = [
  {
    key: 'document',
    label: 'Document',
    name: (m) => `document-${m.message_id}`,
    mimeType: (f) => f.mime_type ?? 'application/octet-stream',
  },
  {
    key: 'voice',
    label: 'Voice message',
    name: (m) => `voice-${m.message_id}.ogg`,
    mimeType: (f) => f.mime_type ?? 'audio/ogg',
  },
  {
    key: 'audio',
    label: 'Audio',
    name: (m) => `audio-${m.message_id}.mp3`,
    mimeType: (f) => f.mime_type ?? 'audio/mpeg',
  },
  {
    key: 'video',
    label: 'Video',
    name: (m) => `video-${m.message_id}.mp4`,
    mimeType: (f) => f.mime_type ?? 'video/mp4',
  },
  {
    key: 'video_note',
    label: 'Video message',
    name: (m) => `video-message-${m.message_id}.mp4`,
    mimeType: () => 'video/mp4',
  },
  {
    key: 'animation',
    label: 'Animation',
    name: (m) => `animation-${m.message_id}.mp4`,
    mimeType: (f) => f.mime_type ?? 'video/mp4',
  },
  {
    key: 'sticker',
    label: 'Sticker',
    name: (m, f) => {
      const s = f as NonNullable<TgMessage['sticker']>;
      return `sticker-${m.message_id}.${s.is_video ? 'webm' : s.is_animated ? 'tgs' : 'webp'}`;
    },
    mimeType: (f) => {
      const s = f as NonNullable<TgMessage['sticker']>;
      return s.is_video ? 'video/webm' : s.is_animated ? 'application/x-tgsticker' : 'image/webp';
    },
  },
];

/** What `fetchPart` needs to download a file again: Telegram keeps serving a file_id. */
function retryHandle(fileId: string, fileName: string, mimeType: string): string {
  return JSON.stringify({ fileId, fileName, mimeType });
}

/** Locations, venues and shared contacts as the text an agent reads (and can click). */
function cardText(m: TgMessage): string {
  const place = m.venue?.location ?? m.location;
  if (place) {
    const { latitude: lat, longitude: lon } = place;
    const link = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
    return m.venue
      ? `📍 ${m.venue.title}, ${m.venue.address} (${lat}, ${lon}) ${link}`
      : `📍 Location: ${lat}, ${lon} ${link}`;
  }
  if (m.contact) {
    const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ');
    return `👤 Contact: ${name}, ${m.contact.phone_number}`;
  }
  return '';
}

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/** Telegram's token must be 1–256 of A-Z a-z 0-9 _ -; the install secret (base64url) is one. */
function webhookSecret(ctx: PluginContext<Config>): string {
  return ctx.installSecret.slice(0, 64);
}

function api(ctx: PluginContext<Config>) {
  const base = `${trimSlash(ctx.config.baseUrl)}/bot${ctx.config.botToken}`;
  async function call<T>(method: string, body: object | FormData): Promise<T> {
    const isForm = body instanceof FormData;
    const res = await ctx.fetch(`${base}/${method}`, {
      method: 'POST',
      ...(isForm
        ? { body }
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const data = (await res.json().catch(() => ({}))) as {
      ok?: boolean;
      result?: T;
      error_code?: number;
      description?: string;
      parameters?: { retry_after?: number };
    };
    if (data.ok) return data.result as T;
    const code = data.error_code ?? res.status;
    const description = data.description ?? `HTTP ${res.status}`;
    // 401: bad token; 403: the user blocked the bot / chat gone; 400: bad request; 429/5xx: retry.
    const retryAfter = data.parameters?.retry_after;
    throw new PluginError(`Telegram ${method}: ${description}`, {
      kind: code === 401 ? 'auth' : code === 400 || code === 403 ? 'input' : 'provider',
      code: String(code),
      retryable: code === 429 || code >= 500,
      ...(typeof retryAfter === 'number' ? { retryAfterMs: retryAfter * 1000 } : {}),
    });
  }
  /** getFile, then the bytes. The Bot API serves files up to 20 MB ("file is too big" above). */
  async function download(fileId: string, fallbackName: string, mimeType: string): Promise<Attachment> {
    const file = await call<{ file_path?: string }>('getFile', { file_id: fileId });
    if (!file.file_path) throw new PluginError('Telegram getFile: no file_path', { kind: 'provider' });
    const res = await ctx.fetch(
      `${trimSlash(ctx.config.baseUrl)}/file/bot${ctx.config.botToken}/${file.file_path}`,
    );
    if (!res.ok) throw new PluginError(`Telegram file download: HTTP ${res.status}`, { kind: 'provider' });
    return {
      fileName: fallbackName || file.file_path.split('/').pop() || 'file',
      mimeType,
      data: Buffer.from(await res.arrayBuffer()),
    };
  }
  return { call, download };
}

/** Telegram Bot API: webhook with a secret token; sendMessage, sendPhoto, sendDocument. */
export default definePlugin({
  name: 'channel-telegram',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'Telegram',
  description: 'A Telegram bot: people write to the bot, agents answer from Parley.',
  configSchema,
  urlFields: ['baseUrl'],
  capabilities: ['channel'],
  setup(ctx) {
    const tg = api(ctx);
    const secret = webhookSecret(ctx);

    /** Every file of a message: a failed download leaves a placeholder, never drops the message. */
    function partsOf(m: TgMessage): PartToFetch[] {
      const parts: PartToFetch[] = [];
      const largest = m.photo?.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
      if (largest) {
        const fileName = `photo-${m.message_id}.jpg`;
        parts.push({
          label: 'Photo',
          fetch: () => tg.download(largest.file_id, fileName, 'image/jpeg'),
          retry: retryHandle(largest.file_id, fileName, 'image/jpeg'),
        });
      }
      for (const kind of MEDIA) {
        const file = m[kind.key];
        if (!file) continue;
        // An animation comes with the same file as `document` too (Bot API backward compatibility).
        if (kind.key === 'document' && m.animation) continue;
        const fileName = file.file_name || kind.name(m, file);
        parts.push({
          label: kind.label,
          ...(file.file_name ? { fileName } : {}),
          fetch: () => tg.download(file.file_id, fileName, kind.mimeType(file)),
          retry: retryHandle(file.file_id, fileName, kind.mimeType(file)),
        });
      }
      return parts;
    }

    async function toEvent(m: TgMessage): Promise<InboundMessageEvent> {
      const { attachments, missing } = await fetchParts(partsOf(m), ctx.signal);
      const person = m.from ?? m.chat;
      const name = [person.first_name, person.last_name].filter(Boolean).join(' ') || person.username;
      const text = [m.text ?? m.caption ?? '', cardText(m)].filter(Boolean).join('\n');
      return {
        type: 'message',
        externalMessageId: `${m.chat.id}:${m.message_id}`,
        contact: { externalId: String(m.chat.id), ...(name ? { name } : {}) },
        ...(m.message_thread_id ? { threadId: String(m.message_thread_id) } : {}),
        // A sticker alone reads as its emoji.
        text: text || (m.sticker?.emoji ?? ''),
        attachments,
        ...(missing.length ? { missing } : {}),
        sentAt: new Date(m.date * 1000),
        ...(m.reply_to_message ? { replyToExternalId: `${m.chat.id}:${m.reply_to_message.message_id}` } : {}),
      };
    }

    /** Channels and groups are not support chats; a chat without a type is taken as private. */
    const isPrivate = (m: TgMessage) => m.chat.type === undefined || m.chat.type === 'private';

    return {
      channel: {
        features: {
          attachments: true,
          maxAttachmentBytes: 50 * 1024 * 1024,
          maxTextLength: MAX_TEXT,
          threading: false,
          inbound: ['webhook'],
        },

        async fetchPart(retry) {
          const { fileId, fileName, mimeType } = JSON.parse(retry) as Record<string, string>;
          if (!fileId || !fileName || !mimeType) throw new PluginError('bad retry handle', { kind: 'input' });
          return tg.download(fileId, fileName, mimeType);
        },

        async connect() {
          if (!ctx.webhookUrl) throw new PluginError('no public webhook URL configured', { kind: 'config' });
          await tg.call('setWebhook', {
            url: ctx.webhookUrl,
            secret_token: secret,
            allowed_updates: ['message', 'edited_message'],
          });
          const me = await tg.call<{ username: string }>('getMe', {});
          return { detail: `webhook set for @${me.username}` };
        },

        async disconnect() {
          await tg.call('deleteWebhook', {});
        },

        // Telegram's secret header says who sent it before the body is read.
        precheckWebhook(head) {
          if (head.method !== 'POST') return { status: 405 };
          const given = header(head, 'x-telegram-bot-api-secret-token');
          return !given || !safeEqual(given, secret) ? { status: 401 } : undefined;
        },

        async handleWebhook(request) {
          if (request.method !== 'POST') return { response: { status: 405 }, events: [] };
          const given = header(request, 'x-telegram-bot-api-secret-token');
          if (!given || !safeEqual(given, secret)) return { response: { status: 401 }, events: [] };
          const update = parseJson(request.rawBody) as TgUpdate | undefined;
          if (!update || typeof update.update_id !== 'number')
            return { response: { status: 400 }, events: [] };
          // Telegram redelivers until it gets a 2xx; Parley drops the copies by message (and edit) id,
          // recorded only once stored, so a delivery that failed half-way is not lost.
          const events: InboundEvent[] = [];
          const m = update.message;
          if (m && isPrivate(m)) events.push(await toEvent(m));
          const edited = update.edited_message;
          if (edited && isPrivate(edited)) {
            const at = edited.edit_date ?? edited.date;
            events.push({
              type: 'edit',
              externalMessageId: `${edited.chat.id}:${edited.message_id}`,
              editId: `${edited.chat.id}:${edited.message_id}:${at}`,
              text: [edited.text ?? edited.caption ?? '', cardText(edited)].filter(Boolean).join('\n'),
              editedAt: new Date(at * 1000),
            });
          }
          return { response: { status: 200 }, events };
        },

        async send(message) {
          const chatId = message.to.externalId;
          const reply = message.inReplyToExternalId?.split(':')[1];
          const common = {
            chat_id: chatId,
            ...(message.to.threadId ? { message_thread_id: Number(message.to.threadId) } : {}),
            ...(reply
              ? { reply_parameters: { message_id: Number(reply), allow_sending_without_reply: true } }
              : {}),
          };
          const attachments = message.attachments ?? [];
          if (!attachments.length && !message.text.trim())
            throw new PluginError('empty message', { kind: 'input' });
          if (message.text.length > MAX_TEXT)
            throw new PluginError(`text longer than ${MAX_TEXT}`, { kind: 'input' });
          const captionFits = attachments.length === 1 && message.text.length <= MAX_CAPTION;
          let last: { message_id: number } | undefined;
          if (message.text.trim() && !captionFits) {
            last = await tg.call('sendMessage', { ...common, text: message.text });
          }
          for (const file of attachments) {
            const form = new FormData();
            for (const [k, v] of Object.entries(common))
              form.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
            if (captionFits && message.text.trim()) form.set('caption', message.text);
            const isPhoto =
              /^image\/(jpeg|png|webp)$/.test(file.mimeType) && file.data.length <= 10 * 1024 * 1024;
            form.set(
              isPhoto ? 'photo' : 'document',
              new Blob([new Uint8Array(file.data)], { type: file.mimeType }),
              file.fileName,
            );
            last = await tg.call(isPhoto ? 'sendPhoto' : 'sendDocument', form);
          }
          if (!last) throw new PluginError('nothing sent', { kind: 'input' });
          return { externalMessageId: `${chatId}:${last.message_id}` };
        },

        async sendTest({ to }) {
          const me = await tg.call<{ username: string }>('getMe', {});
          if (to) await tg.call('sendMessage', { chat_id: to, text: 'Parley test message' });
          return { detail: `bot @${me.username} ${to ? `sent a test message to ${to}` : 'is reachable'}` };
        },
      },
    };
  },
});
