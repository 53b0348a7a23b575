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
      // Telegram redelivers the same update: nothing new.
      expect((await host.handleWebhook(id, telegramWebhookRequest(secret, update))).events).toEqual([]);
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
});
