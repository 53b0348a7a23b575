import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import {
  messengerMessagePayload,
  metaVerifyRequest,
  metaWebhookRequest,
  startFakeMetaGraph,
} from '../../testing/providers/meta.js';
import plugin from './index.js';

const secrets = { pageAccessToken: 'EAAPage', appSecret: 'fb-app-secret', verifyToken: 'verify-fb-123' };

runPluginContract(plugin, {
  provider: () => startFakeMetaGraph({ accessToken: secrets.pageAccessToken }),
  validConfig: ({ providerUrl }) => ({ ...secrets, pageId: '1234', baseUrl: providerUrl }),
  invalidConfig: { pageId: 'x' },
  timeoutMs: 500,
  channel: {
    to: { externalId: '6543210' },
    signedWebhook: () =>
      metaWebhookRequest(
        secrets.appSecret,
        messengerMessagePayload({ pageId: '1234', psid: '6543210', mid: 'm_1', text: 'Hi' }),
      ),
  },
});

async function setup() {
  const graph = await startFakeMetaGraph({ accessToken: secrets.pageAccessToken });
  const host = createPluginHost({
    plugins: [plugin],
    logger: createTestLogger(),
    storage: createMemoryStorage(),
    secretKey: 'test-secret-key-0123456789',
    defaults: { retry: { baseDelayMs: 1 } },
  });
  const r = await host.createInstall({
    accountId: 'a',
    name: plugin.name,
    config: { ...secrets, pageId: '1234', baseUrl: graph.url },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { graph, host, id: r.install.id };
}

describe('channel-messenger', () => {
  it('handshake, signature, messages with attachments, echoes skipped, replays dropped', async () => {
    const { graph, host, id } = await setup();
    try {
      expect((await host.handleWebhook(id, metaVerifyRequest('verify-fb-123', '99'))).response.body).toBe(
        '99',
      );
      expect((await host.handleWebhook(id, metaVerifyRequest('nope-nope'))).response.status).toBe(403);
      const url = graph.mediaUrl('att1.png', 'image/png', Buffer.from('PNG!'));
      const payload = messengerMessagePayload({
        pageId: '1234',
        psid: '6543210',
        mid: 'm_abc',
        text: 'Is this in stock?',
        attachments: [{ type: 'image', url }],
        replyToMid: 'm_prev',
        timestamp: 1700000000000,
      });
      expect((await host.handleWebhook(id, metaWebhookRequest(undefined, payload))).response.status).toBe(
        401,
      );
      const ok = await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, payload));
      expect(ok.events).toEqual([
        {
          type: 'message',
          externalMessageId: 'm_abc',
          contact: { externalId: '6543210' },
          text: 'Is this in stock?',
          attachments: [{ fileName: 'att1.png', mimeType: 'image/png', data: Buffer.from('PNG!') }],
          sentAt: new Date(1700000000000),
          replyToExternalId: 'm_prev',
        },
      ]);
      // A shared link is its title and URL (a web page is not fetched as a file); a location a card.
      const shared = messengerMessagePayload({ pageId: '1234', psid: '6543210', mid: 'm_link' });
      const sharedMessage = shared.entry[0]!.messaging[0]!.message as unknown as Record<string, unknown>;
      sharedMessage.attachments = [
        { type: 'fallback', payload: { url: 'https://shop.example/p/42', title: 'Red shoes' } },
        { type: 'location', payload: { coordinates: { lat: 41.1, long: 29.05 }, title: 'Pinned Location' } },
      ];
      const [link] = (await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, shared))).events;
      expect(link).toMatchObject({
        text: '📍 Pinned Location (41.1, 29.05) https://www.openstreetmap.org/?mlat=41.1&mlon=29.05#map=17/41.1/29.05\nRed shoes https://shop.example/p/42',
        attachments: [],
      });
      expect(link).not.toHaveProperty('missing');

      // A redelivery parses to the same mid: Parley stores it once (the plugin marks nothing as seen,
      // so a delivery that failed before it was stored is not lost).
      const again = await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, payload));
      expect(again.events).toEqual(ok.events);
      const echo = messengerMessagePayload({
        pageId: '1234',
        psid: '6543210',
        mid: 'm_echo',
        text: 'ours',
        isEcho: true,
      });
      expect((await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, echo))).events).toEqual([]);
    } finally {
      await host.close();
      await graph.close();
    }
  });

  it('sends through the Send API (text + attachment upload) and surfaces the closed window', async () => {
    const { graph, host, id } = await setup();
    try {
      const sent = await host.send(id, {
        to: { externalId: '6543210' },
        text: 'Yes, it is!',
        attachments: [{ fileName: 'p.jpg', mimeType: 'image/jpeg', data: Buffer.from('JPG') }],
      });
      expect(sent.externalMessageId).toBe(graph.sent[1]!.messageId);
      expect(graph.sent[0]!.body).toEqual({
        recipient: { id: '6543210' },
        messaging_type: 'RESPONSE',
        message: { text: 'Yes, it is!' },
      });
      expect(graph.sent[1]!.body).toMatchObject({
        message: { attachment: { type: 'image', payload: { is_reusable: false } } },
        filedata: { fileName: 'p.jpg', type: 'image/jpeg' },
      });
      expect(graph.requests.at(-1)!.query.get('access_token')).toBe('EAAPage');
      graph.closedWindows.add('111');
      await expect(host.send(id, { to: { externalId: '111' }, text: 'late' })).rejects.toMatchObject({
        kind: 'input',
        code: '10',
      });
      // The Send API's path and query exactly, and a text body as JSON.
      graph.requests.length = 0;
      await host.send(id, { to: { externalId: '6543210' }, text: 'Merhaba' });
      const [request] = graph.requests;
      expect(request!.path).toBe('/v21.0/me/messages');
      expect(request!.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request!.body.toString('utf8'))).toEqual({
        recipient: { id: '6543210' },
        messaging_type: 'RESPONSE',
        message: { text: 'Merhaba' },
      });
      // Graph error bodies: 401 code 190 is auth; 400 code 551 (person unavailable) is input.
      graph.failNext(401, {
        error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
      });
      await expect(host.send(id, { to: { externalId: '6543210' }, text: 'x' })).rejects.toMatchObject({
        kind: 'auth',
      });
      graph.failNext(400, {
        error: {
          message: "(#551) This person isn't available right now.",
          type: 'OAuthException',
          code: 551,
        },
      });
      await expect(host.send(id, { to: { externalId: '6543210' }, text: 'x' })).rejects.toMatchObject({
        kind: 'input',
        code: '551',
      });
    } finally {
      await host.close();
      await graph.close();
    }
  });
});
