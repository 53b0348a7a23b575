import { randomUUID } from 'node:crypto';
import type { WebhookRequest } from '@parley/integrations';
import {
  metaVerifyRequest,
  metaWebhookRequest,
  startFakeGiphy,
  startFakeLibreTranslate,
  startFakeMetaGraph,
  startFakeTelegram,
  telegramUpdate,
  telegramWebhookRequest,
  whatsappMessagePayload,
  whatsappStatusPayload,
} from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server';
import { callerFor, createTestDeps, errorOf, seedAccount, type TestDeps, waitFor } from './harness';

/**
 * K1/K2 through the API: channel plugins tested against local servers that speak the providers'
 * documented APIs; inbound messages land in the Inbox, replies go back out through the channel.
 */
let deps: TestDeps;
let server: RunningServer;
let acme: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  deps = await createTestDeps({ plugins: ['parley-plugin-example', 'no-such-plugin-package'] });
  server = await startServer(deps);
  acme = await seedAccount(deps);
  await callerFor(deps, acme.owner.token).presence.set({ presence: 'online' });
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

/** Delivers a provider's webhook request to our real HTTP endpoint. */
async function deliver(installId: string, request: WebhookRequest) {
  const query = new URLSearchParams(request.query as Record<string, string>).toString();
  const res = await fetch(`${server.url}/hooks/${installId}${query ? `?${query}` : ''}`, {
    method: request.method,
    headers: request.headers as Record<string, string>,
    ...(request.method === 'GET' ? {} : { body: request.rawBody }),
  });
  return { status: res.status, body: await res.text() };
}

describe('Telegram', () => {
  it('receives a message into the Inbox once, and the reply goes back through the Bot API', async () => {
    const token = '123456:ABC-test_token';
    const telegram = await startFakeTelegram({ token });
    try {
      const owner = callerFor(deps, acme.owner.token);
      const created = await owner.integrations.addChannel({
        plugin: 'channel-telegram',
        name: 'Support bot',
        config: { botToken: token, baseUrl: telegram.url },
      });
      expect(telegram.webhook.url).toBe(`http://localhost:3000/hooks/${created.installId}`);
      expect(JSON.stringify(created.integration.config)).not.toContain(token);

      const update = telegramUpdate({
        updateId: 1,
        chatId: 4242,
        messageId: 7,
        text: 'Merhaba, siparişim nerede?',
        from: { first_name: 'Ayşe' },
      });
      expect(
        (await deliver(created.installId, telegramWebhookRequest(telegram.webhook.secretToken, update)))
          .status,
      ).toBe(200);
      expect(
        (await deliver(created.installId, telegramWebhookRequest(telegram.webhook.secretToken, update)))
          .status,
      ).toBe(200);
      const unsigned = await deliver(
        created.installId,
        telegramWebhookRequest(
          undefined,
          telegramUpdate({ updateId: 2, chatId: 1, messageId: 1, text: 'forged' }),
        ),
      );
      expect(unsigned.status).toBeGreaterThanOrEqual(400);

      const inbox = await owner.chats.inbox();
      const chat = inbox.find((c) => c.channel.id === created.channelId);
      expect(chat?.visitor.name).toBe('Ayşe');
      expect(chat?.lastMessage?.body).toBe('Merhaba, siparişim nerede?');
      expect(await deps.db.message.count({ where: { conversation: { channelId: created.channelId } } })).toBe(
        1,
      );

      const reply = await owner.chats.quickReply({
        conversationId: chat!.id,
        clientId: randomUUID(),
        body: 'Yarın kargoda!',
      });
      await waitFor(() => telegram.sent.length > 0);
      expect(telegram.sent[0]).toMatchObject({
        method: 'sendMessage',
        chatId: '4242',
        text: 'Yarın kargoda!',
      });
      const deadline = Date.now() + 5000;
      let status = (await deps.db.message.findUniqueOrThrow({ where: { id: reply.id } })).deliveryStatus;
      while (status !== 'sent' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        status = (await deps.db.message.findUniqueOrThrow({ where: { id: reply.id } })).deliveryStatus;
      }
      expect(status).toBe('sent');
    } finally {
      await telegram.close();
    }
  });
});

describe('WhatsApp Cloud API', () => {
  it('answers the verify handshake, checks signatures, stores messages and delivery statuses', async () => {
    const graph = await startFakeMetaGraph({ accessToken: 'wa-token' });
    try {
      const owner = callerFor(deps, acme.owner.token);
      const created = await owner.integrations.addChannel({
        plugin: 'channel-whatsapp',
        name: 'WhatsApp',
        config: {
          phoneNumberId: '1098765',
          accessToken: 'wa-token',
          appSecret: 'app-secret-1',
          verifyToken: 'verify-me-please',
          baseUrl: graph.url,
        },
      });
      const handshake = await deliver(created.installId, metaVerifyRequest('verify-me-please', '8421'));
      expect(handshake).toEqual({ status: 200, body: '8421' });
      expect((await deliver(created.installId, metaVerifyRequest('wrong-token-here'))).status).toBe(403);

      const payload = whatsappMessagePayload({
        phoneNumberId: '1098765',
        from: '905551112233',
        name: 'Mehmet',
        id: 'wamid.1',
        text: 'Fiyat nedir?',
      });
      expect((await deliver(created.installId, metaWebhookRequest('app-secret-1', payload))).status).toBe(
        200,
      );
      expect(
        (await deliver(created.installId, metaWebhookRequest('not-the-secret', payload))).status,
      ).toBeGreaterThanOrEqual(400);

      const chat = (await owner.chats.inbox()).find((c) => c.channel.id === created.channelId)!;
      expect(chat.lastMessage?.body).toBe('Fiyat nedir?');
      const reply = await owner.chats.quickReply({
        conversationId: chat.id,
        clientId: randomUUID(),
        body: '100 TL',
      });
      await waitFor(() => graph.sent.length > 0);
      expect(graph.sent[0]).toMatchObject({ api: 'whatsapp', to: '905551112233' });
      let stored = await deps.db.message.findUniqueOrThrow({ where: { id: reply.id } });
      for (let i = 0; i < 100 && !stored.externalId; i++) {
        await new Promise((r) => setTimeout(r, 20));
        stored = await deps.db.message.findUniqueOrThrow({ where: { id: reply.id } });
      }
      const failed = whatsappStatusPayload({
        phoneNumberId: '1098765',
        id: stored.externalId!,
        recipient: '905551112233',
        status: 'failed',
      });
      expect((await deliver(created.installId, metaWebhookRequest('app-secret-1', failed))).status).toBe(200);
      expect((await deps.db.message.findUniqueOrThrow({ where: { id: reply.id } })).deliveryStatus).toBe(
        'failed',
      );
      await owner.chats.resend({ messageId: reply.id });
      await waitFor(() => graph.sent.length > 1);
    } finally {
      await graph.close();
    }
  });
});

describe('translators, GIFs and third-party plugins', () => {
  it('translates and searches GIFs through the installed providers', async () => {
    const libre = await startFakeLibreTranslate();
    const giphy = await startFakeGiphy({ apiKey: 'giphy-key' });
    try {
      const owner = callerFor(deps, acme.owner.token);
      const agent = callerFor(deps, acme.agent.token);
      expect((await errorOf(agent.integrations.translate({ text: 'hello', to: 'tr' }))).appCode).toBe(
        'integration.no_translator',
      );
      await owner.integrations.install({ name: 'translator-libretranslate', config: { baseUrl: libre.url } });
      await owner.integrations.install({
        name: 'gif-giphy',
        config: { apiKey: 'giphy-key', baseUrl: giphy.url },
      });
      const translated = await agent.integrations.translate({ text: 'hello', to: 'tr' });
      expect(translated.text.length).toBeGreaterThan(0);
      const gifs = await agent.integrations.searchGifs({ query: 'cat', limit: 3 });
      expect(gifs.items.length).toBeGreaterThan(0);
      const bad = await errorOf(owner.integrations.install({ name: 'gif-giphy', config: {} }));
      expect(bad).toMatchObject({ appCode: 'integration.invalid_config' });
      const list = await owner.integrations.list();
      expect(list.map((i) => i.name)).toEqual(
        expect.arrayContaining(['translator-libretranslate', 'gif-giphy']),
      );
      expect(JSON.stringify(list)).not.toContain('giphy-key');
    } finally {
      await libre.close();
      await giphy.close();
    }
  });

  it('loads a third-party plugin named in PARLEY_PLUGINS and skips a bad one', async () => {
    const names = (await callerFor(deps, acme.admin.token).integrations.plugins()).map((p) => p.name);
    expect(names).toContain('parley-plugin-example');
    expect(names).toContain('channel-telegram');
    expect(names).not.toContain('no-such-plugin-package');
    const refused = await callerFor(deps, acme.admin.token).integrations.loadErrors();
    expect(refused).toEqual([{ specifier: 'no-such-plugin-package', problems: [expect.any(String)] }]);
  });

  it('refuses unknown and foreign webhooks', async () => {
    expect((await fetch(`${server.url}/hooks/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
    const other = await seedAccount(deps, 'Other');
    const foreign = await errorOf(
      callerFor(deps, other.owner.token).integrations.setEnabled({
        id: (await callerFor(deps, acme.owner.token).integrations.list())[0]!.id,
        enabled: false,
      }),
    );
    expect(foreign.code).toBe('NOT_FOUND');
  });
});
