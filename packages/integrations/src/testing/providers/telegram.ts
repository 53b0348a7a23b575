import type { WebhookRequest } from '@parley/plugin-sdk';
import { type FakeServer, parseBody, parseMultipart, sendJson, startServer } from './server.js';

export interface TelegramSent {
  method: 'sendMessage' | 'sendPhoto' | 'sendDocument';
  chatId: string;
  text?: string;
  caption?: string;
  replyTo?: number;
  file?: { fileName: string; type: string; data: Buffer };
  messageId: number;
}

/**
 * A Telegram Bot API server: /bot<token>/<method> for getMe, setWebhook, deleteWebhook,
 * getWebhookInfo, sendMessage, sendPhoto, sendDocument (multipart), getFile, and file downloads at
 * /file/bot<token>/<path>. Answers `{ ok, result }` / `{ ok: false, error_code, description }`.
 */
export async function startFakeTelegram(options: { token: string; botUsername?: string }) {
  const sent: TelegramSent[] = [];
  const files = new Map<string, { path: string; data: Buffer }>();
  const webhook: { url?: string; secretToken?: string; allowedUpdates?: string[] } = {};
  const blockedChats = new Set<string>();
  /** File ids getFile refuses as Telegram does above 20 MB. */
  const tooBig = new Set<string>();
  /** Error answers to give the next calls of a method, in Telegram's shape (429 with retry_after…). */
  const failures = new Map<string, { status: number; body: object }[]>();
  let nextMessageId = 1000;
  const bot = {
    id: 777,
    is_bot: true,
    first_name: 'Parley',
    username: options.botUsername ?? 'parley_test_bot',
  };
  const ok = (res: Parameters<typeof sendJson>[0], result: unknown) =>
    sendJson(res, 200, { ok: true, result });

  const server: FakeServer = await startServer(async (req, res) => {
    const fileMatch = req.path.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (fileMatch) {
      const file = [...files.values()].find((f) => f.path === fileMatch[2]);
      if (fileMatch[1] !== options.token || !file)
        return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(file.data);
    }
    const m = req.path.match(/^\/bot([^/]+)\/(\w+)$/);
    if (!m) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== options.token)
      return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2] ?? '';
    const failure = failures.get(method)?.shift();
    if (failure) return sendJson(res, failure.status, failure.body);
    const multipart = String(req.headers['content-type'] ?? '').startsWith('multipart/');
    const { fields, files: uploads } = multipart
      ? await parseMultipart(req)
      : {
          fields: parseBody(req) as Record<string, unknown>,
          files: {} as Awaited<ReturnType<typeof parseMultipart>>['files'],
        };
    const chatId = String(fields.chat_id ?? '');
    const message = (extra: object) => ({
      message_id: nextMessageId++,
      from: bot,
      chat: { id: Number(chatId), type: 'private' },
      date: Math.floor(Date.now() / 1000),
      ...extra,
    });
    const replyTo = (): number | undefined => {
      const rp = fields.reply_parameters;
      const parsed = typeof rp === 'string' ? JSON.parse(rp) : (rp as { message_id?: number } | undefined);
      return parsed?.message_id;
    };
    switch (method) {
      case 'getMe':
        return ok(res, bot);
      case 'setWebhook':
        webhook.url = String(fields.url ?? '');
        webhook.secretToken = fields.secret_token as string | undefined;
        webhook.allowedUpdates = fields.allowed_updates as string[] | undefined;
        return sendJson(res, 200, { ok: true, result: true, description: 'Webhook was set' });
      case 'deleteWebhook':
        webhook.url = undefined;
        return sendJson(res, 200, { ok: true, result: true, description: 'Webhook was deleted' });
      case 'getWebhookInfo':
        return ok(res, { url: webhook.url ?? '', has_custom_certificate: false, pending_update_count: 0 });
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument': {
        if (blockedChats.has(chatId)) {
          return sendJson(res, 403, {
            ok: false,
            error_code: 403,
            description: 'Forbidden: bot was blocked by the user',
          });
        }
        if (method === 'sendMessage' && !fields.text) {
          return sendJson(res, 400, {
            ok: false,
            error_code: 400,
            description: 'Bad Request: message text is empty',
          });
        }
        const file = uploads.photo ?? uploads.document;
        const msg = message(
          method === 'sendMessage'
            ? { text: fields.text }
            : method === 'sendPhoto'
              ? {
                  photo: [{ file_id: 'p1', file_unique_id: 'u1', width: 90, height: 90 }],
                  caption: fields.caption,
                }
              : {
                  document: { file_id: 'd1', file_unique_id: 'u2', file_name: file?.fileName },
                  caption: fields.caption,
                },
        );
        sent.push({
          method,
          chatId,
          messageId: msg.message_id,
          ...(fields.text ? { text: String(fields.text) } : {}),
          ...(fields.caption ? { caption: String(fields.caption) } : {}),
          ...(replyTo() ? { replyTo: replyTo() } : {}),
          ...(file ? { file } : {}),
        });
        return ok(res, msg);
      }
      case 'getFile': {
        if (tooBig.has(String(fields.file_id)))
          return sendJson(res, 400, {
            ok: false,
            error_code: 400,
            description: 'Bad Request: file is too big',
          });
        const f = files.get(String(fields.file_id));
        if (!f)
          return sendJson(res, 400, {
            ok: false,
            error_code: 400,
            description: 'Bad Request: invalid file_id',
          });
        return ok(res, {
          file_id: fields.file_id,
          file_unique_id: `u-${fields.file_id}`,
          file_size: f.data.length,
          file_path: f.path,
        });
      }
      default:
        return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  });

  return Object.assign(server, {
    sent,
    webhook,
    blockedChats,
    /** Make a file downloadable through getFile (for inbound photos/documents). */
    addFile(fileId: string, path: string, data: Buffer) {
      files.set(fileId, { path, data });
    },
    /** A file over the Bot API's 20 MB download limit: getFile answers 400 "file is too big". */
    addTooBigFile(fileId: string) {
      tooBig.add(fileId);
    },
    /** The next call of `method` answers this error body (e.g. 429 with `parameters.retry_after`). */
    failNext(method: string, status: number, body: object) {
      failures.set(method, [...(failures.get(method) ?? []), { status, body }]);
    },
  });
}

export interface TelegramMessageInput {
  updateId: number;
  chatId: number;
  messageId: number;
  text?: string;
  caption?: string;
  from?: { first_name: string; last_name?: string; username?: string; language_code?: string };
  photoFileId?: string;
  document?: { fileId: string; fileName: string; mimeType: string };
  replyToMessageId?: number;
  date?: number;
}

/** A Bot API `Update` with a private-chat `Message`, in Telegram's shape. */
export function telegramUpdate(input: TelegramMessageInput) {
  const from = { id: input.chatId, is_bot: false, first_name: 'Ada', ...input.from };
  const chat = { id: input.chatId, type: 'private', first_name: from.first_name, username: from.username };
  return {
    update_id: input.updateId,
    message: {
      message_id: input.messageId,
      from,
      chat,
      date: input.date ?? Math.floor(Date.now() / 1000),
      ...(input.text ? { text: input.text } : {}),
      ...(input.caption ? { caption: input.caption } : {}),
      ...(input.photoFileId
        ? {
            photo: [
              {
                file_id: `${input.photoFileId}-small`,
                file_unique_id: 's',
                width: 90,
                height: 90,
                file_size: 10,
              },
              { file_id: input.photoFileId, file_unique_id: 'l', width: 800, height: 600, file_size: 100 },
            ],
          }
        : {}),
      ...(input.document
        ? {
            document: {
              file_id: input.document.fileId,
              file_unique_id: 'd',
              file_name: input.document.fileName,
              mime_type: input.document.mimeType,
            },
          }
        : {}),
      ...(input.replyToMessageId
        ? {
            reply_to_message: {
              message_id: input.replyToMessageId,
              chat,
              date: 0,
              from: { id: 777, is_bot: true, first_name: 'Parley' },
            },
          }
        : {}),
    },
  };
}

/** The webhook request Telegram sends: JSON body and the `X-Telegram-Bot-Api-Secret-Token` header. */
export function telegramWebhookRequest(secretToken: string | undefined, update: object): WebhookRequest {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secretToken ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
    },
    query: {},
    rawBody: Buffer.from(JSON.stringify(update)),
  };
}
