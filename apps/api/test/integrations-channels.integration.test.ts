import { randomUUID } from 'node:crypto';
import type { WebhookRequest } from '@parley/integrations';
import {
  messengerMessagePayload,
  metaVerifyRequest,
  metaWebhookRequest,
  startFakeImap,
  startFakeMetaGraph,
  startFakeSmtp,
} from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollChannels } from '../src/domain/integrations/installs';
import { type RunningServer, startServer } from '../src/server';
import { deliveryOf, pollUntilStored, postWebhook, rawMail } from './channels';
import {
  callerFor,
  createTestDeps,
  errorOf,
  seedAccount,
  type TestDeps,
  uploadFile,
  waitFor,
} from './harness';

/**
 * K2 through the API for Facebook Messenger and email, against local servers speaking the
 * providers' protocols (Graph Send API; SMTP; IMAP): inbound lands in the Inbox, replies go out
 * through the same channel, threaded.
 */
let deps: TestDeps;
let server: RunningServer;
let acme: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
  acme = await seedAccount(deps);
  await callerFor(deps, acme.owner.token).presence.set({ presence: 'online' });
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

const deliver = (installId: string, request: WebhookRequest) => postWebhook(server.url, installId, request);

describe('Facebook Messenger', () => {
  it('verifies, refuses unsigned and forged posts, stores a message once and replies by the Send API', async () => {
    const graph = await startFakeMetaGraph({ accessToken: 'page-token' });
    try {
      const owner = callerFor(deps, acme.owner.token);
      const created = await owner.integrations.addChannel({
        plugin: 'channel-messenger',
        name: 'Facebook page',
        config: {
          pageId: '1357924680',
          pageAccessToken: 'page-token',
          appSecret: 'fb-app-secret',
          verifyToken: 'verify-token-fb',
          baseUrl: graph.url,
        },
      });
      expect(created.integration.webhookUrl).toBe(`http://localhost:3000/hooks/${created.installId}`);
      expect(created.integration.features).toMatchObject({ replyWindowHours: 24, inbound: ['webhook'] });
      expect(JSON.stringify(created.integration)).not.toContain('fb-app-secret');

      // The verify handshake Meta runs when the webhook is configured.
      expect(await deliver(created.installId, metaVerifyRequest('verify-token-fb', '55501'))).toEqual({
        status: 200,
        body: '55501',
      });
      expect((await deliver(created.installId, metaVerifyRequest('a-wrong-token'))).status).toBe(403);

      const payload = messengerMessagePayload({
        pageId: '1357924680',
        psid: '24680135',
        mid: 'm_first',
        text: '<b>Hello</b>, is the shop open?',
      });
      // No signature, and a signature with another secret: refused, nothing stored.
      expect((await deliver(created.installId, metaWebhookRequest(undefined, payload))).status).toBe(401);
      expect((await deliver(created.installId, metaWebhookRequest('not-the-secret', payload))).status).toBe(
        401,
      );
      expect(await deps.db.message.count({ where: { conversation: { channelId: created.channelId } } })).toBe(
        0,
      );

      // Meta retries a delivery it thinks failed: the second copy is dropped by its mid.
      expect((await deliver(created.installId, metaWebhookRequest('fb-app-secret', payload))).status).toBe(
        200,
      );
      expect((await deliver(created.installId, metaWebhookRequest('fb-app-secret', payload))).status).toBe(
        200,
      );
      const inbox = await owner.chats.inbox();
      const chat = inbox.find((c) => c.channel.id === created.channelId);
      expect(chat?.lastMessage?.body).toBe('<b>Hello</b>, is the shop open?');
      const stored = await deps.db.message.findMany({
        where: { conversation: { channelId: created.channelId } },
      });
      expect(stored.map((m) => m.externalId)).toEqual(['m_first']);
      expect(await deps.db.conversation.count({ where: { channelId: created.channelId } })).toBe(1);

      // A second message joins the same conversation.
      const second = messengerMessagePayload({
        pageId: '1357924680',
        psid: '24680135',
        mid: 'm_second',
        text: 'Anyone?',
      });
      expect((await deliver(created.installId, metaWebhookRequest('fb-app-secret', second))).status).toBe(
        200,
      );
      expect(await deps.db.conversation.count({ where: { channelId: created.channelId } })).toBe(1);

      const window = await owner.integrations.replyWindow({ conversationId: chat!.id });
      expect(window?.hours).toBe(24);
      expect(new Date(window!.closesAt!).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

      const reply = await owner.chats.quickReply({
        conversationId: chat!.id,
        clientId: randomUUID(),
        body: 'Yes, until 8 pm.',
      });
      await waitFor(() => graph.sent.length > 0);
      expect(graph.sent[0]).toMatchObject({
        api: 'messenger',
        to: '24680135',
        body: { messaging_type: 'RESPONSE', message: { text: 'Yes, until 8 pm.' } },
      });
      const sent = await deliveryOf(deps.db, reply.id, 'sent');
      expect(sent).toMatchObject({ deliveryStatus: 'sent', externalId: graph.sent[0]!.messageId });
      const history = await owner.chats.get({ conversationId: chat!.id });
      expect(history.messages.find((m) => m.id === reply.id)?.delivery).toEqual({
        status: 'sent',
        error: null,
      });

      // Outside the 24-hour window Meta refuses: the message fails (no retries for input errors)
      // and shows why; after the customer writes again it can be resent.
      graph.closedWindows.add('24680135');
      const late = await owner.chats.send({ conversationId: chat!.id, clientId: randomUUID(), body: 'Hi?' });
      const failed = await deliveryOf(deps.db, late.id, 'failed');
      expect(failed.deliveryError).toMatch(/outside of allowed window/);
      graph.closedWindows.delete('24680135');
      await owner.chats.resend({ messageId: late.id });
      expect((await deliveryOf(deps.db, late.id, 'sent')).deliveryStatus).toBe('sent');

      const stats = await owner.integrations.channelStats();
      expect(stats.find((s) => s.channelId === created.channelId)).toMatchObject({
        conversations: 1,
        messages: 4,
      });
    } finally {
      await graph.close();
    }
  });
});

/** A raw RFC 5322 message as the customer's mail client sends it. */

describe('Email', () => {
  it('polls mail into the Inbox (HTML sanitised, attachments kept) and threads replies both ways', {
    timeout: 30_000,
  }, async () => {
    const auth = { user: 'support@acme.test', pass: 'mail-pass' };
    const smtp = await startFakeSmtp(auth);
    const imap = await startFakeImap(auth);
    try {
      const owner = callerFor(deps, acme.owner.token);
      const bad = await owner.integrations
        .addChannel({
          plugin: 'channel-email',
          name: 'Support mail',
          config: { fromAddress: 'not-an-address', smtpHost: '' },
        })
        .catch((err: { cause?: unknown }) => err.cause);
      expect(bad).toMatchObject({
        code: 'integration.invalid_config',
        fieldErrors: { fromAddress: 'validation.email', smtpHost: 'validation.required' },
      });
      expect(await deps.db.channel.count({ where: { accountId: acme.account.id, kind: 'email' } })).toBe(0);

      const created = await owner.integrations.addChannel({
        plugin: 'channel-email',
        name: 'Support mail',
        config: {
          fromAddress: 'support@acme.test',
          fromName: 'ACME Support',
          smtpHost: smtp.host,
          smtpPort: smtp.port,
          smtpUser: auth.user,
          smtpPassword: auth.pass,
          imapHost: imap.host,
          imapPort: imap.port,
          imapSecure: false,
          imapUser: auth.user,
          imapPassword: auth.pass,
        },
      });
      // Email arrives by polling: there is no webhook to show.
      expect(created.integration.webhookUrl).toBeNull();
      expect(await owner.integrations.sendTest({ id: created.installId, to: 'admin@acme.test' })).toEqual({
        detail: 'test message sent to admin@acme.test',
      });
      await waitFor(() => smtp.received.length > 0);
      smtp.received.length = 0;

      imap.deliver(
        await rawMail({
          from: 'Zeynep Kaya <zeynep@example.org>',
          to: 'support@acme.test',
          subject: 'Order #1234',
          messageId: '<first@example.org>',
          text: 'Where is my order?',
          html: '<p onclick="steal()">Where is my <b>order</b>?</p><script>alert(1)</script>',
          attachments: [
            {
              filename: 'receipt.pdf',
              content: Buffer.from('%PDF-1.4 receipt'),
              contentType: 'application/pdf',
            },
          ],
        }),
      );
      await pollUntilStored(deps, created.channelId, 1);
      const chat = (await owner.chats.inbox()).find((c) => c.channel.id === created.channelId)!;
      expect(chat.visitor).toMatchObject({ name: 'Zeynep Kaya', email: 'zeynep@example.org' });
      expect(chat.lastMessage?.body).toBe('Where is my order?');
      // The agent sees the file in the chat and downloads the exact bytes.
      const view = await owner.chats.get({ conversationId: chat.id });
      const shown = view.messages.find((m) => m.author === 'visitor')!;
      expect(shown).toMatchObject({ kind: 'file', body: 'Where is my order?' });
      expect(shown.attachments).toMatchObject([
        { name: 'receipt.pdf', mimeType: 'application/pdf', size: 16 },
      ]);
      const download = await fetch(new URL(shown.attachments![0]!.url, server.url));
      expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4 receipt');
      const first = await deps.db.message.findFirstOrThrow({
        where: { externalId: '<first@example.org>' },
        include: { attachments: true },
      });
      expect(first.meta).toEqual({ html: '<p>Where is my <b>order</b>?</p>' });
      expect(first.attachments).toMatchObject([
        { fileName: 'receipt.pdf', mimeType: 'application/pdf', size: 16, conversationId: chat.id },
      ]);
      expect((await deps.files.get(first.attachments[0]!.storageKey))?.toString()).toBe('%PDF-1.4 receipt');
      // Polling again finds nothing new (the mail was marked seen) and stores nothing twice.
      await pollChannels(deps);
      expect(await deps.db.message.count({ where: { conversationId: chat.id } })).toBe(1);

      // The agent answers: out by SMTP, threaded under the customer's mail.
      const reply = await owner.chats.quickReply({
        conversationId: chat.id,
        clientId: randomUUID(),
        body: 'It ships today.',
      });
      await waitFor(() => smtp.received.length > 0);
      const out = smtp.received[0]!;
      expect(out.to).toEqual(['zeynep@example.org']);
      expect(out.parsed.subject).toBe('Re: Order #1234');
      expect(out.parsed.inReplyTo).toBe('<first@example.org>');
      expect(out.parsed.references).toBe('<first@example.org>');
      expect(out.parsed.text?.trim()).toBe('It ships today.');
      expect(out.parsed.from?.value[0]?.address).toBe('support@acme.test');
      const sent = await deliveryOf(deps.db, reply.id, 'sent');
      expect(sent.externalId).toBe(out.parsed.messageId);

      // The customer answers from a mail client that quotes and keeps References.
      imap.deliver(
        await rawMail({
          from: 'zeynep@example.org',
          to: 'support@acme.test',
          subject: 'Re: Order #1234',
          messageId: '<second@example.org>',
          inReplyTo: out.parsed.messageId,
          references: ['<first@example.org>', out.parsed.messageId!],
          text: 'Thanks! Which carrier?\n\nOn Mon, 1 Jan 2024, ACME Support wrote:\n> It ships today.\n',
        }),
      );
      // And one whose client names only the message it answers (no References).
      imap.deliver(
        await rawMail({
          from: 'zeynep@example.org',
          to: 'support@acme.test',
          subject: 'Re: Order #1234',
          messageId: '<third@example.org>',
          inReplyTo: out.parsed.messageId,
          text: 'Also: can I change the address?',
        }),
      );
      await pollUntilStored(deps, created.channelId, 3);
      const thread = await deps.db.message.findMany({
        where: { conversation: { channelId: created.channelId }, authorType: 'visitor' },
        orderBy: { createdAt: 'asc' },
        select: { conversationId: true, body: true },
      });
      expect(thread).toEqual([
        { conversationId: chat.id, body: 'Where is my order?' },
        { conversationId: chat.id, body: 'Thanks! Which carrier?' },
        { conversationId: chat.id, body: 'Also: can I change the address?' },
      ]);
      expect(await deps.db.conversation.count({ where: { channelId: created.channelId } })).toBe(1);

      // The next reply answers the newest mail and carries the whole thread.
      smtp.received.length = 0;
      await owner.chats.send({ conversationId: chat.id, clientId: randomUUID(), body: 'Yes, send it.' });
      await waitFor(() => smtp.received.length > 0);
      const next = smtp.received[0]!.parsed;
      expect(next.inReplyTo).toBe('<third@example.org>');
      expect(next.references).toEqual([
        '<first@example.org>',
        out.parsed.messageId,
        '<second@example.org>',
        '<third@example.org>',
      ]);
      expect(next.subject).toBe('Re: Order #1234');

      // A file from the agent leaves as a mail attachment, in the same thread.
      smtp.received.length = 0;
      const quote = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const upload = await uploadFile(server.url, quote, {
        name: 'quote.pdf',
        session: acme.owner.token,
        conversationId: chat.id,
      });
      expect(upload.status).toBe(200);
      await waitFor(() => smtp.received.length > 0);
      const withFile = smtp.received[0]!.parsed;
      expect(withFile.inReplyTo).toBe('<third@example.org>');
      expect(withFile.attachments.map((a) => [a.filename, a.contentType, a.content.equals(quote)])).toEqual([
        ['quote.pdf', 'application/pdf', true],
      ]);
      await deliveryOf(deps.db, ((await upload.json()) as { id: string }).id, 'sent');

      // Deleting the channel keeps the conversation in the Archive, without its channel.
      const stats = await owner.integrations.channelStats();
      expect(stats.find((s) => s.channelId === created.channelId)).toMatchObject({
        conversations: 1,
        messages: 6,
      });
      await owner.integrations.removeChannel({ channelId: created.channelId });
      expect(await deps.db.pluginInstall.count({ where: { id: created.installId } })).toBe(0);
      // Its open chat ends (nobody could answer it any more) and stays in the Archive.
      expect(await deps.db.conversation.findUniqueOrThrow({ where: { id: chat.id } })).toMatchObject({
        status: 'closed',
        channelId: null,
      });
      const archived = await owner.chats.archive({ q: 'carrier' });
      expect(archived.items.map((c) => c.id)).toEqual([chat.id]);
    } finally {
      await smtp.close();
      await imap.close();
    }
  });

  it('refuses another account', async () => {
    const other = await seedAccount(deps, 'Other');
    const channel = (await callerFor(deps, acme.owner.token).channels.list())[0];
    const refused = await errorOf(
      callerFor(deps, other.owner.token).integrations.removeChannel({ channelId: channel!.id }),
    );
    expect(refused.code).toBe('NOT_FOUND');
  });
});
