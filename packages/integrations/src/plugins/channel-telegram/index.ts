import { z } from 'zod';
import { httpUrl } from '../../config.js';
import { definePlugin } from '../../define-plugin.js';
import { PluginError } from '../../errors.js';
import type { Attachment, InboundMessageEvent, PluginContext } from '../../types.js';
import { PLUGIN_API_VERSION } from '../../version.js';
import { header, parseJson, safeEqual, seenBefore, trimSlash } from '../util.js';

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
interface TgMessage {
  message_id: number;
  message_thread_id?: number;
  from?: TgUser;
  chat: {
    id: number;
    type: string;
    title?: string;
    first_name?: string;
    last_name?: string;
    username?: string;
  };
  date: number;
  text?: string;
  caption?: string;
  photo?: { file_id: string; width: number; height: number; file_size?: number }[];
  document?: { file_id: string; file_name?: string; mime_type?: string };
  reply_to_message?: { message_id: number };
}
interface TgUpdate {
  update_id: number;
  message?: TgMessage;
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
    throw new PluginError(`Telegram ${method}: ${description}`, {
      kind: code === 401 ? 'auth' : code === 400 || code === 403 ? 'input' : 'provider',
      code: String(code),
      retryable: code === 429 || code >= 500,
    });
  }
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

    async function toEvent(m: TgMessage): Promise<InboundMessageEvent> {
      const attachments: Attachment[] = [];
      const largest = m.photo?.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
      if (largest)
        attachments.push(await tg.download(largest.file_id, `photo-${m.message_id}.jpg`, 'image/jpeg'));
      if (m.document) {
        attachments.push(
          await tg.download(
            m.document.file_id,
            m.document.file_name ?? '',
            m.document.mime_type ?? 'application/octet-stream',
          ),
        );
      }
      const person = m.from ?? m.chat;
      const name = [person.first_name, person.last_name].filter(Boolean).join(' ') || person.username;
      return {
        type: 'message',
        externalMessageId: `${m.chat.id}:${m.message_id}`,
        contact: { externalId: String(m.chat.id), ...(name ? { name } : {}) },
        ...(m.message_thread_id ? { threadId: String(m.message_thread_id) } : {}),
        text: m.text ?? m.caption ?? '',
        attachments,
        sentAt: new Date(m.date * 1000),
        ...(m.reply_to_message ? { replyToExternalId: `${m.chat.id}:${m.reply_to_message.message_id}` } : {}),
      };
    }

    return {
      channel: {
        features: {
          attachments: true,
          maxAttachmentBytes: 50 * 1024 * 1024,
          maxTextLength: MAX_TEXT,
          threading: false,
          inbound: ['webhook'],
        },

        async connect() {
          if (!ctx.webhookUrl) throw new PluginError('no public webhook URL configured', { kind: 'config' });
          await tg.call('setWebhook', {
            url: ctx.webhookUrl,
            secret_token: secret,
            allowed_updates: ['message'],
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
          // Telegram redelivers until it gets a 2xx: a replayed update yields nothing new.
          if (await seenBefore(ctx.kv, `update:${update.update_id}`, 7 * 24 * 3600)) {
            return { response: { status: 200 }, events: [] };
          }
          const m = update.message;
          if (m?.chat.type !== 'private') return { response: { status: 200 }, events: [] };
          return { response: { status: 200 }, events: [await toEvent(m)] };
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
