import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import {
  startFakeTelegram,
  telegramUpdate,
  telegramWebhookRequest,
} from '../../testing/providers/telegram.js';
import plugin from './index.js';

const token = '123456:ABC-def_ghi';

runPluginContract(plugin, {
  provider: () => startFakeTelegram({ token }),
  validConfig: ({ providerUrl }) => ({ botToken: token, baseUrl: providerUrl }),
  invalidConfig: { botToken: 'nope' },
  timeoutMs: 500,
  channel: {
    to: { externalId: '42' },
    // Telegram proves origin with the secret token header, not a signature over the body.
    signsBody: false,
    signedWebhook: ({ ctx }) =>
      telegramWebhookRequest(
        ctx.installSecret.slice(0, 64),
        telegramUpdate({ updateId: 1, chatId: 42, messageId: 7, text: 'hi' }),
      ),
  },
});

async function setup() {
  const tg = await startFakeTelegram({ token, botUsername: 'acme_bot' });
  const host = createPluginHost({
    plugins: [plugin],
    logger: createTestLogger(),
    storage: createMemoryStorage(),
    secretKey: 'test-secret-key-0123456789',
    webhookUrl: (r) => `https://chat.example.com/hooks/${r.id}`,
    defaults: { retry: { baseDelayMs: 1 } },
  });
  const r = await host.createInstall({
    accountId: 'a',
    name: plugin.name,
    config: { botToken: token, baseUrl: tg.url },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { tg, host, id: r.install.id };
}

describe('channel-telegram', () => {
  it('registers the webhook with a secret token and accepts only updates carrying it', async () => {
    const { tg, host, id } = await setup();
    try {
      const channel = await host.channel(id);
      expect(await channel.connect!()).toEqual({ detail: 'webhook set for @acme_bot' });
      expect(tg.webhook.url).toBe(`https://chat.example.com/hooks/${id}`);
      const secret = tg.webhook.secretToken!;
      expect(secret).toMatch(/^[A-Za-z0-9_-]{16,256}$/);

      const update = telegramUpdate({
        updateId: 5001,
        chatId: 42,
        messageId: 10,
        text: 'Merhaba!',
        from: { first_name: 'Ayşe', last_name: 'Yılmaz', username: 'ayse' },
        replyToMessageId: 9,
      });
      expect((await host.handleWebhook(id, telegramWebhookRequest(undefined, update))).response.status).toBe(
        401,
      );
      expect((await host.handleWebhook(id, telegramWebhookRequest('wrong', update))).response.status).toBe(
        401,
      );
      const ok = await host.handleWebhook(id, telegramWebhookRequest(secret, update));
      expect(ok.response.status).toBe(200);
      expect(ok.events).toEqual([
        {
          type: 'message',
          externalMessageId: '42:10',
          contact: { externalId: '42', name: 'Ayşe Yılmaz' },
          text: 'Merhaba!',
          attachments: [],
          sentAt: expect.any(Date),
          replyToExternalId: '42:9',
        },
      ]);
      // Telegram redelivers the same update: the same message id, which Parley stores once.
      expect((await host.handleWebhook(id, telegramWebhookRequest(secret, update))).events).toEqual(
        ok.events,
      );
    } finally {
      await host.close();
      await tg.close();
    }
  });

  it('downloads inbound photos and documents through getFile', async () => {
    const { tg, host, id } = await setup();
    try {
      await (await host.channel(id)).connect!();
      tg.addFile('big-photo', 'photos/file_1.jpg', Buffer.from('JPEGDATA'));
      tg.addFile('doc-1', 'documents/file_2.pdf', Buffer.from('%PDF-1.4'));
      const update = telegramUpdate({
        updateId: 6001,
        chatId: 42,
        messageId: 11,
        caption: 'see attached',
        photoFileId: 'big-photo',
        document: { fileId: 'doc-1', fileName: 'invoice.pdf', mimeType: 'application/pdf' },
      });
      const { events } = await host.handleWebhook(id, telegramWebhookRequest(tg.webhook.secretToken, update));
      const m = events[0]!;
      expect(m.type === 'message' && m.text).toBe('see attached');
      expect(
        m.type === 'message' && m.attachments.map((a) => [a.fileName, a.mimeType, a.data.toString()]),
      ).toEqual([
        ['photo-11.jpg', 'image/jpeg', 'JPEGDATA'],
        ['invoice.pdf', 'application/pdf', '%PDF-1.4'],
      ]);
    } finally {
      await host.close();
      await tg.close();
    }
  });

  it('sends text replies, photos and documents (multipart)', async () => {
    const { tg, host, id } = await setup();
    try {
      const text = await host.send(id, {
        to: { externalId: '42' },
        text: 'Hello Ayşe',
        inReplyToExternalId: '42:10',
      });
      expect(text.externalMessageId).toMatch(/^42:\d+$/);
      const photo = await host.send(id, {
        to: { externalId: '42' },
        text: 'Here it is',
        attachments: [{ fileName: 'a.png', mimeType: 'image/png', data: Buffer.from('PNG') }],
      });
      await host.send(id, {
        to: { externalId: '42' },
        text: '',
        attachments: [{ fileName: 'r.pdf', mimeType: 'application/pdf', data: Buffer.from('%PDF') }],
      });
      expect(
        tg.sent.map((s) => [s.method, s.chatId, s.text ?? s.caption, s.replyTo, s.file?.fileName]),
      ).toEqual([
        ['sendMessage', '42', 'Hello Ayşe', 10, undefined],
        ['sendPhoto', '42', 'Here it is', undefined, 'a.png'],
        ['sendDocument', '42', undefined, undefined, 'r.pdf'],
      ]);
      expect(photo.externalMessageId).toBe(`42:${tg.sent[1]!.messageId}`);
      expect(tg.sent[1]!.file!.data.toString()).toBe('PNG');
      // A user who blocked the bot: failed at once, not retried, not counted against health.
      tg.blockedChats.add('99');
      const attempts: string[] = [];
      await expect(
        host.send(
          id,
          { to: { externalId: '99' }, text: 'x' },
          { onAttempt: (a) => void attempts.push(a.status) },
        ),
      ).rejects.toMatchObject({ kind: 'input', code: '403' });
      expect(attempts).toEqual(['failed']);
      expect((await host.health(id)).failures).toBe(0);
    } finally {
      await host.close();
      await tg.close();
    }
  });

  it('subscribes to edits, reads every kind of message, and keeps a message whose file is too big', async () => {
    const { tg, host, id } = await setup();
    try {
      await (await host.channel(id)).connect!();
      expect(tg.webhook.allowedUpdates).toEqual(['message', 'edited_message']);
      const secret = tg.webhook.secretToken;
      const chat = { id: 42, first_name: 'Ada' };
      const parse = async (update: object) =>
        (await host.handleWebhook(id, telegramWebhookRequest(secret, update))).events;
      tg.addFile('voice-1', 'voice/file_3.oga', Buffer.from('OGG'));
      tg.addFile('sticker-1', 'stickers/file_4.webp', Buffer.from('WEBP'));
      tg.addFile('note-1', 'video_notes/file_5.mp4', Buffer.from('MP4'));
      tg.addTooBigFile('huge-photo');
      const date = 1_700_000_000;

      // A voice note, a sticker and a video note arrive as files with names and types.
      const [voice] = await parse({
        update_id: 1,
        message: {
          message_id: 20,
          chat: { ...chat, type: 'private' },
          date,
          voice: { file_id: 'voice-1', duration: 3 },
        },
      });
      expect(voice).toMatchObject({ type: 'message', text: '' });
      const files = (e: unknown) =>
        (e as { attachments: { fileName: string; mimeType: string; data: Buffer }[] }).attachments.map(
          (a) => [a.fileName, a.mimeType, a.data.toString()],
        );
      expect(files(voice)).toEqual([['voice-20.ogg', 'audio/ogg', 'OGG']]);
      const [sticker] = await parse({
        update_id: 2,
        message: {
          message_id: 21,
          chat,
          date,
          sticker: { file_id: 'sticker-1', emoji: '😀', is_animated: false },
        },
      });
      // No chat.type (some clients and bridges omit it): still a message from that chat.
      expect(sticker).toMatchObject({ type: 'message', text: '😀', contact: { externalId: '42' } });
      expect(files(sticker)).toEqual([['sticker-21.webp', 'image/webp', 'WEBP']]);
      const [note] = await parse({
        update_id: 3,
        message: { message_id: 22, chat, date, video_note: { file_id: 'note-1', length: 240, duration: 2 } },
      });
      expect(files(note)).toEqual([['video-message-22.mp4', 'video/mp4', 'MP4']]);

      // An animation also carries its file as `document` (Bot API compatibility): one file, not two.
      tg.addFile('gif-1', 'animations/file_6.mp4', Buffer.from('MP4GIF'));
      const [animation] = await parse({
        update_id: 31,
        message: {
          message_id: 27,
          chat,
          date,
          animation: { file_id: 'gif-1', file_name: 'dance.mp4', mime_type: 'video/mp4' },
          document: { file_id: 'gif-1', file_name: 'dance.mp4', mime_type: 'video/mp4' },
        },
      });
      expect(files(animation)).toEqual([['dance.mp4', 'video/mp4', 'MP4GIF']]);

      // Locations and contacts are clear text cards, never an empty message.
      const [place] = await parse({
        update_id: 4,
        message: { message_id: 23, chat, date, location: { latitude: 41.0082, longitude: 28.9784 } },
      });
      expect(place).toMatchObject({
        text: '📍 Location: 41.0082, 28.9784 https://www.openstreetmap.org/?mlat=41.0082&mlon=28.9784#map=17/41.0082/28.9784',
      });
      const [card] = await parse({
        update_id: 5,
        message: {
          message_id: 24,
          chat,
          date,
          contact: { phone_number: '+905551112233', first_name: 'Mehmet', last_name: 'Öz' },
        },
      });
      expect(card).toMatchObject({ text: '👤 Contact: Mehmet Öz, +905551112233' });

      // getFile refuses a file over 20 MB: the caption survives with a placeholder and the reason.
      const [big] = await parse({
        update_id: 6,
        message: {
          message_id: 25,
          chat,
          date,
          caption: 'my receipt',
          photo: [{ file_id: 'huge-photo', width: 4000, height: 3000 }],
        },
      });
      expect(big).toMatchObject({
        type: 'message',
        externalMessageId: '42:25',
        text: 'my receipt',
        attachments: [],
        missing: [{ label: 'Photo', reason: 'file is too big' }],
      });

      // An edit names the message and the edit; groups and channels are not support chats.
      const [edit] = await parse({
        update_id: 7,
        edited_message: { message_id: 25, chat, date, edit_date: date + 60, caption: 'my receipt (June)' },
      });
      expect(edit).toEqual({
        type: 'edit',
        externalMessageId: '42:25',
        editId: `42:25:${date + 60}`,
        text: 'my receipt (June)',
        editedAt: new Date((date + 60) * 1000),
      });
      expect(
        await parse({
          update_id: 8,
          message: { message_id: 26, chat: { id: -100, type: 'group' }, date, text: 'x' },
        }),
      ).toEqual([]);
    } finally {
      await host.close();
      await tg.close();
    }
  });

  it('sends exactly the documented requests and honours 429 retry_after', async () => {
    const { tg, host, id } = await setup();
    try {
      await host.send(id, {
        to: { externalId: '42' },
        text: 'Fatura ektedir',
        inReplyToExternalId: '42:10',
        attachments: [
          { fileName: 'fatura-Şubat.pdf', mimeType: 'application/pdf', data: Buffer.from('%PDF') },
        ],
      });
      const [doc] = tg.requests.filter((r) => r.path.endsWith('/sendDocument'));
      expect(doc!.path).toBe(`/bot${token}/sendDocument`);
      expect(String(doc!.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
      const body = doc!.body.toString('utf8');
      // UTF-8 file name in the part's Content-Disposition, as the Bot API reads it.
      expect(body).toContain('name="document"; filename="fatura-Şubat.pdf"');
      expect(body).toMatch(/name="chat_id"\r\n\r\n42\r\n/);
      expect(body).toMatch(/name="caption"\r\n\r\nFatura ektedir\r\n/);
      expect(body).toContain(
        'name="reply_parameters"\r\n\r\n{"message_id":10,"allow_sending_without_reply":true}',
      );
      tg.requests.length = 0;
      await host.send(id, { to: { externalId: '42' }, text: 'Merhaba' });
      const [text] = tg.requests;
      expect(text!.headers['content-type']).toBe('application/json');
      expect(JSON.parse(text!.body.toString('utf8'))).toEqual({ chat_id: '42', text: 'Merhaba' });

      // 429 Too Many Requests: retried after the provider's retry_after, not before.
      tg.failNext('sendMessage', 429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      });
      const waits: (number | undefined)[] = [];
      const started = Date.now();
      await host.send(
        id,
        { to: { externalId: '42' }, text: 'again' },
        { onAttempt: (a) => void waits.push(a.nextDelayMs) },
      );
      expect(waits[0]).toBeGreaterThanOrEqual(1000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      // 401 (token revoked) is an auth error, not retried.
      tg.failNext('sendMessage', 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      await expect(host.send(id, { to: { externalId: '42' }, text: 'x' })).rejects.toMatchObject({
        kind: 'auth',
        code: '401',
      });
      // 400 with Telegram's description: the agent reads the provider's reason.
      tg.failNext('sendMessage', 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: chat not found',
      });
      await expect(host.send(id, { to: { externalId: '42' }, text: 'x' })).rejects.toMatchObject({
        kind: 'input',
        message: 'Telegram sendMessage: Bad Request: chat not found',
      });
    } finally {
      await host.close();
      await tg.close();
    }
  });
});
