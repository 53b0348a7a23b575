import { randomUUID } from 'node:crypto';
import { definePlugin, type WebhookRequest } from '@parley/integrations';
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
import { signedHeaders } from 'parley-plugin-example';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningServer, startServer } from '../src/server';
import { postWebhook } from './channels';
import {
  appCodeOf,
  callerFor,
  createTestDeps,
  errorOf,
  seedAccount,
  type TestDeps,
  uploadFile,
  waitFor,
} from './harness';

/** A channel plugin whose setup throws for a config it accepted (a token it cannot use). */
const brokenSetup = definePlugin({
  name: 'parley-plugin-broken-setup',
  version: '1.0.0',
  apiVersion: 1,
  displayName: 'Broken at setup',
  configSchema: z.object({ token: z.string().min(1) }),
  capabilities: ['channel'],
  setup: () => {
    throw new Error('token is not a valid bridge token');
  },
});

/**
 * K1/K2 through the API: channel plugins tested against local servers that speak the providers'
 * documented APIs; inbound messages land in the Inbox, replies go back out through the channel.
 */
let deps: TestDeps;
let server: RunningServer;
let acme: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  deps = await createTestDeps({
    plugins: ['parley-plugin-example', 'no-such-plugin-package'],
    extraPlugins: [brokenSetup],
  });
  server = await startServer(deps);
  acme = await seedAccount(deps);
  await callerFor(deps, acme.owner.token).presence.set({ presence: 'online' });
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

const deliver = (installId: string, request: WebhookRequest) => postWebhook(server.url, installId, request);

/** Delivers a provider's webhook request to our real HTTP endpoint. */

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

describe('files and GIFs from the console on plugin channels', () => {
  /** A Telegram contact who wrote once; the owner took the chat. */
  async function telegramChat(telegram: Awaited<ReturnType<typeof startFakeTelegram>>, token: string) {
    const owner = callerFor(deps, acme.owner.token);
    const created = await owner.integrations.addChannel({
      plugin: 'channel-telegram',
      name: 'Files bot',
      config: { botToken: token, baseUrl: telegram.url },
    });
    const update = telegramUpdate({ updateId: 10, chatId: 5151, messageId: 3, text: 'Send me the invoice' });
    await deliver(created.installId, telegramWebhookRequest(telegram.webhook.secretToken, update));
    const chat = (await owner.chats.inbox()).find((c) => c.channel.id === created.channelId)!;
    await owner.chats.accept({ conversationId: chat.id });
    return chat.id;
  }

  async function statusOf(messageId: string) {
    const deadline = Date.now() + 5000;
    let row = await deps.db.message.findUniqueOrThrow({ where: { id: messageId } });
    while (row.deliveryStatus !== 'sent' && row.deliveryStatus !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      row = await deps.db.message.findUniqueOrThrow({ where: { id: messageId } });
    }
    return row.deliveryStatus;
  }

  it('sends a photo, a document and a GIF out through the Telegram Bot API', async () => {
    const token = '654321:files-token';
    const telegram = await startFakeTelegram({ token });
    try {
      const conversationId = await telegramChat(telegram, token);
      expect(await callerFor(deps, acme.agent.token).integrations.channelLimits({ conversationId })).toEqual({
        files: true,
        maxFileBytes: 50 * 1024 * 1024,
      });
      const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#ff6600' } })
        .png()
        .toBuffer();
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const session = acme.owner.token;

      const photo = (await (
        await uploadFile(server.url, png, { name: 'map.png', session, conversationId })
      ).json()) as {
        id: string;
        delivery?: { status: string };
      };
      expect(photo.delivery?.status).toBe('pending');
      await waitFor(() => telegram.sent.some((m) => m.method === 'sendPhoto'));
      expect(telegram.sent.find((m) => m.method === 'sendPhoto')).toMatchObject({ chatId: '5151' });
      expect(telegram.sent.find((m) => m.method === 'sendPhoto')?.file?.data.equals(png)).toBe(true);
      expect(telegram.sent.find((m) => m.method === 'sendPhoto')?.caption).toBeUndefined();
      expect(await statusOf(photo.id)).toBe('sent');

      const doc = (await (
        await uploadFile(server.url, pdf, { name: 'invoice.pdf', session, conversationId })
      ).json()) as { id: string };
      await waitFor(() => telegram.sent.some((m) => m.method === 'sendDocument'));
      expect(telegram.sent.find((m) => m.method === 'sendDocument')?.file).toMatchObject({
        fileName: 'invoice.pdf',
      });
      expect(await statusOf(doc.id)).toBe('sent');

      const gifUrl = 'https://media.giphy.test/cat.gif';
      const gif = await callerFor(deps, acme.owner.token).media.sendGif({
        conversationId,
        clientId: randomUUID(),
        gif: { url: gifUrl, previewUrl: gifUrl, width: 200, height: 150, provider: 'giphy', title: 'Cat' },
      });
      await waitFor(() => telegram.sent.some((m) => m.text === gifUrl));
      expect(await statusOf(gif.id)).toBe('sent');
    } finally {
      await telegram.close();
    }
  });

  it('refuses a file on a channel that declared it carries none, with nothing stored', async () => {
    const owner = callerFor(deps, acme.owner.token);
    const secret = 'example-signing-secret-0123';
    const created = await owner.integrations.addChannel({
      plugin: 'parley-plugin-example',
      name: 'Bridge',
      config: { outboundUrl: 'http://127.0.0.1:9/replies', signingSecret: secret },
    });
    const body = JSON.stringify({ id: 'm-1', from: { id: 'u-1', name: 'Deniz' }, text: 'hi' });
    const hook = await fetch(`${server.url}/hooks/${created.installId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(secret, body) },
      body,
    });
    expect(hook.status).toBe(200);
    const chat = (await owner.chats.inbox()).find((c) => c.channel.id === created.channelId)!;
    await owner.chats.accept({ conversationId: chat.id });
    // The console learns it first and offers no Attach button there.
    expect(await owner.integrations.channelLimits({ conversationId: chat.id })).toEqual({
      files: false,
      maxFileBytes: null,
    });
    const before = await deps.db.attachment.count();
    const res = await uploadFile(server.url, Buffer.from('plain notes'), {
      name: 'notes.txt',
      session: acme.owner.token,
      conversationId: chat.id,
    });
    expect(res.status).toBe(400);
    expect(await appCodeOf(res)).toBe('file.channel_unsupported');
    expect(await deps.db.attachment.count()).toBe(before);
    expect(await deps.db.message.count({ where: { conversationId: chat.id, kind: 'file' } })).toBe(0);
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

  it('lists the installs of a plugin no longer loaded as unavailable, and refuses to turn them on or configure them', async () => {
    const account = await seedAccount(deps, 'Removed plugin');
    const owner = callerFor(deps, account.owner.token);
    const gifs = await owner.integrations.install({ name: 'gif-tenor', config: { apiKey: 'tenor-key' } });
    // What a server started without the plugin in PARLEY_PLUGINS finds: installs naming a plugin it
    // has not loaded (with settings sealed by that plugin).
    const gone = await deps.db.pluginInstall.create({
      data: {
        accountId: account.account.id,
        name: 'parley-plugin-removed',
        version: '2.1.0',
        config: 'sealed-by-a-plugin-no-longer-here',
      },
    });
    const list = await owner.integrations.list();
    expect(list.map((i) => [i.name, i.available])).toEqual([
      ['gif-tenor', true],
      ['parley-plugin-removed', false],
    ]);
    expect(list[1]).toMatchObject({ version: '2.1.0', config: null, features: null, webhookUrl: null });
    expect(list[0]!.id).toBe(gifs.id);
    for (const call of [
      owner.integrations.setEnabled({ id: gone.id, enabled: true }),
      owner.integrations.configure({ id: gone.id, config: {} }),
    ]) {
      const error = await errorOf(call);
      expect(error).toMatchObject({ appCode: 'integration.plugin_unavailable' });
      expect(error.message).toMatch(/parley-plugin-removed is not loaded .* add it to PARLEY_PLUGINS/);
    }
    // Turning it off still works: nothing runs until the plugin is back.
    expect(await owner.integrations.setEnabled({ id: gone.id, enabled: false })).toMatchObject({
      enabled: false,
      available: false,
    });
  });

  it('refuses to add a channel whose plugin cannot start, naming the plugin, and keeps nothing', async () => {
    const account = await seedAccount(deps, 'Broken setup');
    const owner = callerFor(deps, account.owner.token);
    const error = await errorOf(
      owner.integrations.addChannel({
        plugin: 'parley-plugin-broken-setup',
        name: 'Bridge',
        config: { token: 't' },
      }),
    );
    expect(error).toMatchObject({
      appCode: 'integration.failed',
      message: '[parley-plugin-broken-setup] internal: the plugin failed',
    });
    expect(await owner.integrations.list()).toEqual([]);
    expect(await deps.db.channel.count({ where: { accountId: account.account.id } })).toBe(0);
    expect(await deps.db.pluginInstall.count({ where: { accountId: account.account.id } })).toBe(0);
  });

  it("shows a plugin channel's kind as the plugin's display name from its manifest", async () => {
    const account = await seedAccount(deps, 'Display names');
    const owner = callerFor(deps, account.owner.token);
    const created = await owner.integrations.addChannel({
      plugin: 'parley-plugin-example',
      name: 'Partner bridge',
      config: { outboundUrl: 'http://127.0.0.1:9/replies', signingSecret: 'bridge-signing-secret-0123' },
    });
    expect(created.integration).toMatchObject({
      name: 'parley-plugin-example',
      displayName: 'HTTP bridge (example)',
    });
    const plugins = await owner.integrations.plugins();
    expect(plugins.find((p) => p.name === 'parley-plugin-example')).toMatchObject({
      displayName: 'HTTP bridge (example)',
      networkHosts: [],
      urlFields: ['outboundUrl'],
    });
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
