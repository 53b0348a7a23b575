import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WebhookRequest } from '@parley/integrations';
import {
  messengerMessagePayload,
  messengerReceiptPayload,
  metaWebhookRequest,
  obsoleteSyntaxMail,
  startFakeImap,
  startFakeMetaGraph,
  startFakeSmtp,
  startFakeTelegram,
  telegramWebhookRequest,
  whatsappMessagePayload,
  whatsappStatusPayload,
} from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollChannels } from '../src/domain/integrations/installs';
import { retryPendingParts } from '../src/domain/integrations/pending-parts';
import { type RunningServer, startServer } from '../src/server';
import { deliveryOf, pollUntilStored, postWebhook, rawMail } from './channels';
import { callerFor, createTestDeps, seedAccount, type TestDeps, waitFor } from './harness';

/**
 * Channels through the API, per channel, against local servers speaking the providers' APIs: what a
 * provider delivered is never lost (stored once across redeliveries, a file that cannot be fetched
 * leaves a placeholder), and what the provider reports (receipts, edits, files) reaches the agent.
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

const deliver = async (installId: string, request: WebhookRequest) =>
  (await postWebhook(server.url, installId, request)).status;

/**
 * A real storage failure, not a stub: the account's attachment folder is taken by a file, so the
 * disk store cannot write there until `restore()`.
 */
async function breakFileStore(accountId: string) {
  const folder = path.join(deps.config.filesDir, 'attachments', accountId);
  await rm(folder, { recursive: true, force: true });
  await mkdir(path.dirname(folder), { recursive: true });
  await writeFile(folder, 'not a folder');
  return { restore: () => rm(folder, { force: true }) };
}

const messagesOf = (channelId: string) =>
  deps.db.message.findMany({
    where: { conversation: { channelId } },
    orderBy: { createdAt: 'asc' },
    include: { attachments: true },
  });

describe('Telegram', () => {
  const token = '123456:ABC-delivery';

  it('stores an update once across a failed delivery and redeliveries, and keeps a too-big photo as a placeholder', async () => {
    const tg = await startFakeTelegram({ token });
    try {
      const owner = callerFor(deps, acme.owner.token);
      const created = await owner.integrations.addChannel({
        plugin: 'channel-telegram',
        name: 'Bot',
        config: { botToken: token, baseUrl: tg.url },
      });
      const secret = tg.webhook.secretToken;
      const chat = { id: 5150, type: 'private', first_name: 'Ada' };
      const date = Math.floor(Date.now() / 1000);
      tg.addFile('doc-1', 'documents/file_9.pdf', Buffer.from('%PDF-1.7 bytes'));
      const withFile = {
        update_id: 900,
        message: {
          message_id: 1,
          chat,
          date,
          caption: 'the invoice',
          document: { file_id: 'doc-1', file_name: 'Fatura Ağustos.pdf', mime_type: 'application/pdf' },
        },
      };

      // Storing fails (the file store cannot write): no 2xx, so Telegram will deliver it again.
      const broken = await breakFileStore(acme.account.id);
      expect(await deliver(created.installId, telegramWebhookRequest(secret, withFile))).toBe(500);
      expect(await messagesOf(created.channelId)).toEqual([]);
      await broken.restore();
      // The redelivery is stored, and every later copy is dropped by its message id.
      expect(await deliver(created.installId, telegramWebhookRequest(secret, withFile))).toBe(200);
      expect(await deliver(created.installId, telegramWebhookRequest(secret, withFile))).toBe(200);
      const stored = await messagesOf(created.channelId);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ kind: 'file', body: 'the invoice', externalId: '5150:1' });
      expect(await deps.db.channelReceipt.count({ where: { channelId: created.channelId } })).toBe(1);

      // The agent sees the file under its real name and downloads the exact bytes.
      const conversationId = stored[0]!.conversationId;
      const view = await owner.chats.get({ conversationId });
      const [file] = view.messages.find((m) => m.kind === 'file')!.attachments!;
      expect(file).toMatchObject({ name: 'Fatura Ağustos.pdf', mimeType: 'application/pdf', size: 14 });
      const bytes = Buffer.from(await (await fetch(new URL(file!.url, server.url))).arrayBuffer());
      expect(bytes.toString()).toBe('%PDF-1.7 bytes');

      // Getting the photo fails ("file is too big"): the message is stored with a placeholder.
      tg.addTooBigFile('huge');
      const tooBig = {
        update_id: 901,
        message: {
          message_id: 2,
          chat,
          date,
          caption: 'my receipt',
          photo: [{ file_id: 'huge', width: 4000, height: 3000 }],
        },
      };
      expect(await deliver(created.installId, telegramWebhookRequest(secret, tooBig))).toBe(200);
      const placeholder = (await messagesOf(created.channelId))[1]!;
      expect(placeholder).toMatchObject({
        kind: 'text',
        body: 'my receipt\nPhoto could not be downloaded: file is too big',
        meta: { missing: [{ label: 'Photo', reason: 'file is too big' }] },
      });

      // The Bot API has a hiccup (500): the photo is fetched again later and joins its message.
      tg.addFile('flaky', 'photos/file_7.jpg', Buffer.from('JPEG-LATER'));
      tg.failNext('getFile', 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      const flaky = {
        update_id: 905,
        message: {
          message_id: 6,
          chat,
          date,
          caption: 'the box',
          photo: [{ file_id: 'flaky', width: 800, height: 600 }],
        },
      };
      expect(await deliver(created.installId, telegramWebhookRequest(secret, flaky))).toBe(200);
      const waiting = (await messagesOf(created.channelId)).at(-1)!;
      expect(waiting).toMatchObject({
        kind: 'text',
        body: 'the box\nPhoto could not be downloaded: Internal Server Error',
      });
      expect(await deps.db.pendingPart.count({ where: { messageId: waiting.id } })).toBe(1);
      // Not due yet: nothing happens; once due, the file is fetched and the placeholder goes.
      expect(await retryPendingParts(deps)).toBe(0);
      expect(await retryPendingParts(deps, new Date(Date.now() + 61_000))).toBe(1);
      const fetched = await deps.db.message.findUniqueOrThrow({
        where: { id: waiting.id },
        include: { attachments: true },
      });
      expect(fetched).toMatchObject({ kind: 'file', body: 'the box', meta: { missing: [] } });
      expect(fetched.attachments).toMatchObject([
        { fileName: 'photo-6.jpg', mimeType: 'image/jpeg', size: 10 },
      ]);
      expect(await deps.db.pendingPart.count({ where: { messageId: waiting.id } })).toBe(0);
      // Out of the way, so the checks below read the messages by position.
      await deps.db.message.delete({ where: { id: waiting.id } });

      // A voice note and a location are a file and a card, never "(empty message)".
      tg.addFile('voice-1', 'voice/file_1.oga', Buffer.from('OggS'));
      await deliver(
        created.installId,
        telegramWebhookRequest(secret, {
          update_id: 902,
          message: {
            message_id: 3,
            chat,
            date,
            voice: { file_id: 'voice-1', duration: 2, mime_type: 'audio/ogg' },
          },
        }),
      );
      await deliver(
        created.installId,
        telegramWebhookRequest(secret, {
          update_id: 903,
          message: {
            message_id: 4,
            chat: { id: 5150 },
            date,
            location: { latitude: 41.01, longitude: 28.97 },
          },
        }),
      );
      const [, , voice, location] = await messagesOf(created.channelId);
      expect(voice).toMatchObject({ kind: 'file', body: 'voice-3.ogg' });
      expect(voice!.attachments).toMatchObject([{ fileName: 'voice-3.ogg', mimeType: 'audio/ogg', size: 4 }]);
      expect(location!.body).toMatch(/^📍 Location: 41.01, 28.97 https:\/\/www\.openstreetmap\.org\//);

      // The contact edits the caption: the agent sees the new text, the first one kept, once.
      const edit = {
        update_id: 904,
        edited_message: { message_id: 2, chat, date, edit_date: date + 30, caption: 'my receipt (June)' },
      };
      expect(await deliver(created.installId, telegramWebhookRequest(secret, edit))).toBe(200);
      expect(await deliver(created.installId, telegramWebhookRequest(secret, edit))).toBe(200);
      const edited = (await owner.chats.get({ conversationId })).messages.find(
        (m) => m.id === placeholder.id,
      )!;
      expect(edited.body).toBe('my receipt (June)');
      expect(edited.edited).toEqual({
        at: new Date((date + 30) * 1000).toISOString(),
        original: 'my receipt\nPhoto could not be downloaded: file is too big',
      });
    } finally {
      await tg.close();
    }
  });
});

describe('WhatsApp Cloud API', () => {
  it('keeps a message whose media is gone, stores it once, and moves our reply sent → delivered → read', async () => {
    const graph = await startFakeMetaGraph({ accessToken: 'wa-token-2' });
    try {
      const owner = callerFor(deps, acme.owner.token);
      const created = await owner.integrations.addChannel({
        plugin: 'channel-whatsapp',
        name: 'WhatsApp receipts',
        config: {
          phoneNumberId: '2020202',
          accessToken: 'wa-token-2',
          appSecret: 'wa-secret-2',
          verifyToken: 'verify-token-2',
          baseUrl: graph.url,
        },
      });
      // Storing fails once: 500, Meta redelivers, and the photo message is stored exactly once.
      graph.addMedia('media-ok', 'image/jpeg', Buffer.from('JPEG-WA'));
      const photo = whatsappMessagePayload({
        phoneNumberId: '2020202',
        from: '905550000009',
        id: 'wamid.PHOTO',
        image: { id: 'media-ok', mimeType: 'image/jpeg', caption: 'the label' },
      });
      const broken = await breakFileStore(acme.account.id);
      expect(await deliver(created.installId, metaWebhookRequest('wa-secret-2', photo))).toBe(500);
      await broken.restore();
      expect(await deliver(created.installId, metaWebhookRequest('wa-secret-2', photo))).toBe(200);
      expect(await deliver(created.installId, metaWebhookRequest('wa-secret-2', photo))).toBe(200);
      const photos = await messagesOf(created.channelId);
      expect(photos).toHaveLength(1);
      expect(photos[0]).toMatchObject({ kind: 'file', body: 'the label' });
      expect(photos[0]!.attachments).toMatchObject([{ mimeType: 'image/jpeg', size: 7 }]);
      // Out of the way, so the checks below read the channel's messages by position.
      await deps.db.conversation.delete({ where: { id: photos[0]!.conversationId } });

      // The media id is unknown to the Graph API (expired): the caption stays, with the reason.
      const payload = whatsappMessagePayload({
        phoneNumberId: '2020202',
        from: '905550000001',
        id: 'wamid.GONE',
        image: { id: 'media-expired', mimeType: 'image/jpeg', caption: 'broken screen' },
      });
      expect(await deliver(created.installId, metaWebhookRequest('wa-secret-2', payload))).toBe(200);
      expect(await deliver(created.installId, metaWebhookRequest('wa-secret-2', payload))).toBe(200);
      const [inbound, ...rest] = await messagesOf(created.channelId);
      expect(rest).toEqual([]);
      expect(inbound!.body).toBe('broken screen\nPhoto could not be downloaded: Unsupported request');

      const reply = await owner.chats.quickReply({
        conversationId: inbound!.conversationId,
        clientId: randomUUID(),
        body: 'We will replace it',
      });
      const sent = await deliveryOf(deps.db, reply.id, 'sent');
      expect(sent.externalId).toMatch(/^wamid\./);
      const status = (s: 'sent' | 'delivered' | 'read' | 'failed') =>
        deliver(
          created.installId,
          metaWebhookRequest(
            'wa-secret-2',
            whatsappStatusPayload({
              phoneNumberId: '2020202',
              id: sent.externalId!,
              recipient: '905550000001',
              status: s,
            }),
          ),
        );
      await status('delivered');
      expect((await deps.db.message.findUniqueOrThrow({ where: { id: reply.id } })).deliveryStatus).toBe(
        'delivered',
      );
      await status('read');
      // A late "delivered" (webhooks are not ordered) does not move it back.
      await status('delivered');
      await status('sent');
      const view = await owner.chats.get({ conversationId: inbound!.conversationId });
      expect(view.messages.find((m) => m.id === reply.id)!.delivery).toEqual({ status: 'read', error: null });
    } finally {
      await graph.close();
    }
  });
});

describe('Facebook Messenger', () => {
  it('keeps a message whose attachment URL is bad, and applies deliveries by mid and reads by watermark', async () => {
    const graph = await startFakeMetaGraph({ accessToken: 'page-token-2' });
    try {
      const owner = callerFor(deps, acme.owner.token);
      const created = await owner.integrations.addChannel({
        plugin: 'channel-messenger',
        name: 'Page receipts',
        config: {
          pageId: '24242424',
          pageAccessToken: 'page-token-2',
          appSecret: 'fb-secret-2',
          verifyToken: 'verify-token-fb2',
          baseUrl: graph.url,
        },
      });
      const good = graph.mediaUrl('pic-1', 'image/png', Buffer.from('PNGDATA'));
      const payload = messengerMessagePayload({
        pageId: '24242424',
        psid: '777',
        mid: 'm_files',
        text: 'two pictures',
        attachments: [
          { type: 'image', url: good },
          { type: 'image', url: 'not a url' },
        ],
      });
      // Storing fails once: 500, Meta redelivers, and the message is stored exactly once.
      const broken = await breakFileStore(acme.account.id);
      expect(await deliver(created.installId, metaWebhookRequest('fb-secret-2', payload))).toBe(500);
      expect(await messagesOf(created.channelId)).toEqual([]);
      await broken.restore();
      expect(await deliver(created.installId, metaWebhookRequest('fb-secret-2', payload))).toBe(200);
      expect(await deliver(created.installId, metaWebhookRequest('fb-secret-2', payload))).toBe(200);
      const [inbound, ...rest] = await messagesOf(created.channelId);
      expect(rest).toEqual([]);
      expect(inbound).toMatchObject({
        kind: 'file',
        body: 'two pictures\nPhoto could not be downloaded: Invalid URL',
      });
      expect(inbound!.attachments).toMatchObject([{ mimeType: 'image/png', size: 7 }]);

      const conversationId = inbound!.conversationId;
      const send = (body: string) => owner.chats.quickReply({ conversationId, clientId: randomUUID(), body });
      const first = await deliveryOf(deps.db, (await send('first')).id, 'sent');
      const second = await deliveryOf(deps.db, (await send('second')).id, 'sent');
      const receipt = (input: Parameters<typeof messengerReceiptPayload>[0]) =>
        deliver(created.installId, metaWebhookRequest('fb-secret-2', messengerReceiptPayload(input)));
      // message_deliveries names the first mid; message_reads reads everything up to its watermark.
      await receipt({
        pageId: '24242424',
        psid: '777',
        delivery: { mids: [first.externalId!], watermark: 1 },
      });
      expect((await deps.db.message.findUniqueOrThrow({ where: { id: first.id } })).deliveryStatus).toBe(
        'delivered',
      );
      expect((await deps.db.message.findUniqueOrThrow({ where: { id: second.id } })).deliveryStatus).toBe(
        'sent',
      );
      await receipt({ pageId: '24242424', psid: '777', read: { watermark: first.createdAt.getTime() } });
      expect((await deps.db.message.findUniqueOrThrow({ where: { id: first.id } })).deliveryStatus).toBe(
        'read',
      );
      expect((await deps.db.message.findUniqueOrThrow({ where: { id: second.id } })).deliveryStatus).toBe(
        'sent',
      );
      await receipt({ pageId: '24242424', psid: '777', read: { watermark: Date.now() } });
      const view = await owner.chats.get({ conversationId });
      expect(view.messages.filter((m) => m.author === 'agent').map((m) => m.delivery?.status)).toEqual([
        'read',
        'read',
      ]);
    } finally {
      await graph.close();
    }
  });
});

describe('Email', () => {
  it('keeps unreadable mail aside and counts it, reads obsolete syntax, and threads replies from any address of the thread', {
    timeout: 30_000,
  }, async () => {
    const auth = { user: 'help@acme.test', pass: 'mail-pass-2' };
    const smtp = await startFakeSmtp(auth);
    const imap = await startFakeImap(auth);
    try {
      const owner = callerFor(deps, acme.owner.token);
      const created = await owner.integrations.addChannel({
        plugin: 'channel-email',
        name: 'Help mail',
        config: {
          fromAddress: 'help@acme.test',
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
      const visitorMessages = () =>
        deps.db.message.findMany({
          where: { conversation: { channelId: created.channelId }, authorType: 'visitor' },
          orderBy: { createdAt: 'asc' },
        });
      imap.deliver(obsoleteSyntaxMail('help@acme.test'));
      imap.deliver(['To: help@acme.test', 'Subject: nobody', '', 'no sender', ''].join('\r\n'));
      await pollUntilStored(deps, created.channelId, 1);
      const [hello] = await visitorMessages();
      expect(hello).toMatchObject({ body: 'This is a message just to say hello.' });
      // The subject is the conversation's: on its Inbox card, in its header, and found by search.
      const card = (await owner.chats.inbox()).find((c) => c.id === hello!.conversationId);
      expect(card?.subject).toBe('Saying Hello');
      expect((await owner.chats.get({ conversationId: hello!.conversationId })).conversation.subject).toBe(
        'Saying Hello',
      );
      expect((await owner.chats.archive({ q: 'saying' })).items.map((c) => c.id)).toEqual([
        hello!.conversationId,
      ]);
      // The unreadable mail stays unseen in the mailbox and the channel's health says why.
      await waitFor(() => imap.flags()[1]?.includes('$ParleyRejected') ?? false);
      expect(imap.flags()[1]).not.toContain('\\Seen');
      const install = (await owner.integrations.list()).find((i) => i.id === created.installId)!;
      expect(install.rejected).toMatchObject({ reason: 'the mail has no sender address (From)' });
      expect(install.rejected!.count).toBeGreaterThanOrEqual(1);

      // The agent answers; a colleague in Cc replies from another address, naming our reply.
      const reply = await owner.chats.quickReply({
        conversationId: hello!.conversationId,
        clientId: randomUUID(),
        body: 'Hello John!',
      });
      await waitFor(() => smtp.received.length > 0);
      const ours = smtp.received[0]!;
      const ourId = (await deliveryOf(deps.db, reply.id, 'sent')).externalId;
      expect(ours.raw.toString()).toContain('In-Reply-To: <1234@local.machine.example>');
      imap.deliver(
        await rawMail({
          from: 'Mary Smith <mary@machine.example>',
          to: 'help@acme.test',
          subject: 'Re: Saying Hello',
          messageId: '<mary-1@machine.example>',
          references: ['<1234@local.machine.example>', ourId ?? '<missing>'],
          text: 'I am his colleague, same question.',
        }),
      );
      // Our own reply coming back through IMAP (a Bcc to the support address) is not the customer's.
      imap.deliver(ours.raw.toString());
      // …also when it comes back under another sender address (an alias, a Sent folder copy):
      // its Message-ID is one of ours.
      imap.deliver(ours.raw.toString().replace(/^From: .*$/m, 'From: Help Desk <desk@acme.test>'));
      await pollUntilStored(deps, created.channelId, 2);
      await pollChannels(deps);
      const thread = await visitorMessages();
      expect(thread.map((m) => m.body)).toEqual([
        'This is a message just to say hello.',
        'I am his colleague, same question.',
      ]);
      expect(new Set(thread.map((m) => m.conversationId)).size).toBe(1);
      // The colleague is named as themself in the chat, not as the contact.
      const shown = (await owner.chats.get({ conversationId: thread[0]!.conversationId })).messages;
      expect(shown.filter((m) => m.author === 'visitor').map((m) => m.sender ?? null)).toEqual([
        null,
        { name: 'Mary Smith', address: 'mary@machine.example' },
      ]);
      expect(await deps.db.conversation.count({ where: { channelId: created.channelId } })).toBe(1);
    } finally {
      await smtp.close();
      await imap.close();
    }
  });
});
