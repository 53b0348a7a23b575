import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import {
  metaVerifyRequest,
  metaWebhookRequest,
  startFakeMetaGraph,
  whatsappMessagePayload,
  whatsappStatusPayload,
} from '../../testing/providers/meta.js';
import plugin from './index.js';

const secrets = { accessToken: 'EAAG-token', appSecret: 'app-secret-1', verifyToken: 'verify-me-123' };

runPluginContract(plugin, {
  provider: () => startFakeMetaGraph({ accessToken: secrets.accessToken }),
  validConfig: ({ providerUrl }) => ({ ...secrets, phoneNumberId: '106540352242922', baseUrl: providerUrl }),
  invalidConfig: { phoneNumberId: 'abc', apiVersion: '21' },
  timeoutMs: 500,
  channel: {
    to: { externalId: '905551112233' },
    signedWebhook: () =>
      metaWebhookRequest(
        secrets.appSecret,
        whatsappMessagePayload({
          phoneNumberId: '106540352242922',
          from: '905551112233',
          id: 'wamid.A1',
          text: 'Selam',
        }),
      ),
  },
});

async function setup() {
  const graph = await startFakeMetaGraph({ accessToken: secrets.accessToken });
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
    config: { ...secrets, phoneNumberId: '111', baseUrl: graph.url },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { graph, host, id: r.install.id };
}

describe('channel-whatsapp', () => {
  it('answers the verify handshake only with the right token', async () => {
    const { graph, host, id } = await setup();
    try {
      expect(
        (await host.handleWebhook(id, metaVerifyRequest('verify-me-123', '4242'))).response,
      ).toMatchObject({
        status: 200,
        body: '4242',
      });
      expect((await host.handleWebhook(id, metaVerifyRequest('wrong-token'))).response.status).toBe(403);
    } finally {
      await host.close();
      await graph.close();
    }
  });

  it('verifies X-Hub-Signature-256, parses messages, media and statuses, and drops replays', async () => {
    const { graph, host, id } = await setup();
    try {
      const payload = whatsappMessagePayload({
        phoneNumberId: '111',
        from: '905551112233',
        name: 'Mehmet',
        id: 'wamid.HBgL1',
        text: 'Siparişim nerede?',
        timestamp: 1700000000,
        contextId: 'wamid.OUT1',
      });
      expect((await host.handleWebhook(id, metaWebhookRequest(undefined, payload))).response.status).toBe(
        401,
      );
      expect(
        (await host.handleWebhook(id, metaWebhookRequest('other-secret', payload))).response.status,
      ).toBe(401);
      const tampered = metaWebhookRequest(secrets.appSecret, payload);
      tampered.rawBody = Buffer.from(tampered.rawBody.toString().replace('Sipari', 'Xipari'));
      expect((await host.handleWebhook(id, tampered)).response.status).toBe(401);

      const ok = await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, payload));
      expect(ok.response.status).toBe(200);
      expect(ok.events).toEqual([
        {
          type: 'message',
          externalMessageId: 'wamid.HBgL1',
          contact: { externalId: '905551112233', phone: '+905551112233', name: 'Mehmet' },
          text: 'Siparişim nerede?',
          attachments: [],
          sentAt: new Date(1700000000 * 1000),
          replyToExternalId: 'wamid.OUT1',
        },
      ]);
      // A redelivery parses to the same wamid: Parley stores it once (nothing is marked seen before).
      const again = await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, payload));
      expect(again.events).toEqual(ok.events);
      // Another number of the same Meta app is not this channel's.
      const other = whatsappMessagePayload({ phoneNumberId: '222', from: '1', id: 'wamid.X', text: 'x' });
      expect((await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, other))).events).toEqual([]);

      graph.addMedia('media-in-1', 'image/jpeg', Buffer.from('JPEG!'));
      const image = whatsappMessagePayload({
        phoneNumberId: '111',
        from: '905551112233',
        id: 'wamid.IMG',
        image: { id: 'media-in-1', mimeType: 'image/jpeg', caption: 'photo of the box' },
      });
      const withImage = await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, image));
      const m = withImage.events[0]!;
      expect(
        m.type === 'message' && [m.text, m.attachments[0]?.mimeType, m.attachments[0]?.data.toString()],
      ).toEqual(['photo of the box', 'image/jpeg', 'JPEG!']);

      const failed = whatsappStatusPayload({
        phoneNumberId: '111',
        id: 'wamid.OUT2',
        recipient: '905551112233',
        status: 'failed',
        error: { code: 131047, title: 'Re-engagement message' },
      });
      expect((await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, failed))).events).toEqual([
        {
          type: 'status',
          externalMessageId: 'wamid.OUT2',
          status: 'failed',
          at: expect.any(Date),
          error: '131047 Re-engagement message',
        },
      ]);
    } finally {
      await host.close();
      await graph.close();
    }
  });

  it('sends text and media through the Cloud API and surfaces the closed 24-hour window', async () => {
    const { graph, host, id } = await setup();
    try {
      expect((await host.channel(id)).features.replyWindowHours).toBe(24);
      const text = await host.send(id, {
        to: { externalId: '+905551112233' },
        text: 'Kargoda!',
        inReplyToExternalId: 'wamid.HBgL1',
      });
      expect(text.externalMessageId).toMatch(/^wamid\./);
      expect(graph.sent[0]!.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '905551112233',
        type: 'text',
        text: { body: 'Kargoda!', preview_url: true },
        context: { message_id: 'wamid.HBgL1' },
      });
      expect(graph.requests.find((r) => r.path.endsWith('/messages'))!.headers.authorization).toBe(
        'Bearer EAAG-token',
      );
      await host.send(id, {
        to: { externalId: '905551112233' },
        text: 'Fatura',
        attachments: [{ fileName: 'fatura.pdf', mimeType: 'application/pdf', data: Buffer.from('%PDF') }],
      });
      expect(graph.sent[1]!.body).toMatchObject({
        type: 'document',
        document: { id: expect.stringMatching(/^media-/), caption: 'Fatura', filename: 'fatura.pdf' },
      });

      graph.closedWindows.add('905550000000');
      const attempts: string[] = [];
      await expect(
        host.send(
          id,
          { to: { externalId: '905550000000' }, text: 'late' },
          { onAttempt: (a) => void attempts.push(a.status) },
        ),
      ).rejects.toMatchObject({ kind: 'input', code: '131047', plugin: 'channel-whatsapp' });
      expect(attempts).toEqual(['failed']);
    } finally {
      await host.close();
      await graph.close();
    }
  });

  it('posts to /{phone-number-id}/messages as documented and handles Graph error bodies', async () => {
    const { graph, host, id } = await setup();
    try {
      await host.send(id, {
        to: { externalId: '905551112233' },
        text: 'Ekran görüntüsü',
        attachments: [{ fileName: 'ekran.png', mimeType: 'image/png', data: Buffer.from('PNG') }],
      });
      const upload = graph.requests.find((r) => r.path.endsWith('/media'))!;
      expect(upload.path).toBe('/v21.0/111/media');
      expect(upload.body.toString('utf8')).toContain('name="file"; filename="ekran.png"');
      const message = graph.requests.find((r) => r.path.endsWith('/messages'))!;
      expect(message.path).toBe('/v21.0/111/messages');
      expect(message.headers['content-type']).toBe('application/json');
      expect(JSON.parse(message.body.toString('utf8'))).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '905551112233',
        type: 'image',
        image: { id: expect.stringMatching(/^media-/), caption: 'Ekran görüntüsü' },
      });

      // 401 with code 190: the token expired; an auth error, not retried.
      graph.failNext(401, {
        error: {
          message: 'Error validating access token',
          type: 'OAuthException',
          code: 190,
          fbtrace_id: 'A',
        },
      });
      await expect(host.send(id, { to: { externalId: '9055' }, text: 'x' })).rejects.toMatchObject({
        kind: 'auth',
        code: '190',
      });
      // 403 with code 10: the app lacks the permission; the agent reads why, no retry.
      graph.failNext(403, {
        error: {
          message: '(#10) Application does not have permission for this action',
          type: 'OAuthException',
          code: 10,
          fbtrace_id: 'B',
        },
      });
      await expect(host.send(id, { to: { externalId: '9055' }, text: 'x' })).rejects.toMatchObject({
        kind: 'input',
        message: 'WhatsApp send: (#10) Application does not have permission for this action',
      });
      // 429 with Retry-After: retried, after the provider's wait.
      graph.failNext(
        429,
        {
          error: { message: '(#80007) Rate limit hit', type: 'OAuthException', code: 80007, fbtrace_id: 'C' },
        },
        { 'retry-after': '1' },
      );
      const waits: (number | undefined)[] = [];
      await host.send(
        id,
        { to: { externalId: '9055' }, text: 'again' },
        { onAttempt: (a) => void waits.push(a.nextDelayMs) },
      );
      expect(waits[0]).toBeGreaterThanOrEqual(1000);
    } finally {
      await host.close();
      await graph.close();
    }
  });

  it('reads locations, shared contacts, button taps and reactions as text, never an empty message', async () => {
    const { graph, host, id } = await setup();
    try {
      const parse = async (message: object) => {
        const payload = whatsappMessagePayload({
          phoneNumberId: '111',
          from: '905551112233',
          id: 'wamid.X',
          text: '',
        });
        const value = payload.entry[0]!.changes[0]!.value as { messages: object[] };
        value.messages = [{ from: '905551112233', id: 'wamid.X', timestamp: '1700000000', ...message }];
        const [event] = (await host.handleWebhook(id, metaWebhookRequest(secrets.appSecret, payload))).events;
        return event?.type === 'message' ? event.text : undefined;
      };
      expect(
        await parse({
          type: 'location',
          location: { latitude: 41.0, longitude: 29.0, name: 'Kadıköy İskelesi' },
        }),
      ).toBe('📍 Kadıköy İskelesi (41, 29) https://www.openstreetmap.org/?mlat=41&mlon=29#map=17/41/29');
      expect(
        await parse({
          type: 'contacts',
          contacts: [{ name: { formatted_name: 'Ali Veli' }, phones: [{ phone: '+90 555 000 11 22' }] }],
        }),
      ).toBe('👤 Contact: Ali Veli, +90 555 000 11 22');
      expect(
        await parse({
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'Yes, deliver it' } },
        }),
      ).toBe('Yes, deliver it');
      expect(await parse({ type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '👍' } })).toBe(
        'Reacted 👍',
      );
    } finally {
      await host.close();
      await graph.close();
    }
  });
});
