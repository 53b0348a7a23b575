import {
  metaWebhookRequest,
  startFakeMetaGraph,
  startFakeTelegram,
  telegramWebhookRequest,
  whatsappMessagePayload,
  whatsappStatusPayload,
} from '@parley/integrations/testing/providers';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { useTeam } from '../support/team';

// In the console: what the providers say reaches the agent. A Telegram customer sends a
// file (the agent downloads it under its real name) and then edits the caption (the chat shows the
// edit, the original one click away); on WhatsApp the agent's reply goes Sent → Delivered → Seen as
// the Cloud API's statuses arrive.

const { available } = chromiumAvailability();

const owner = {
  accountName: 'Umbrella',
  name: 'Uma Owner',
  email: 'uma@umbrella.test',
  password: 'correct horse 1',
};
const botToken = '424242:e2e-token_x';
const wa = { phoneNumberId: '3030303', accessToken: 'wa-e2e-token', appSecret: 'wa-e2e-secret' };

/** Posts what the provider would, to the webhook URL Parley registered or showed. */
async function post(url: string, request: ReturnType<typeof telegramWebhookRequest>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: request.headers as Record<string, string>,
    body: request.rawBody.toString('utf8'),
  });
  return res.status;
}

async function addChannel(page: Page, kind: string, fields: Record<string, string>) {
  await page.getByRole('link', { name: 'Channels', exact: true }).click();
  await page.getByRole('link', { name: /^Add email, Telegram/ }).click();
  await shows(heading(page, 'Add channel'));
  await page.getByRole('radio', { name: kind, exact: true }).check();
  for (const [label, value] of Object.entries(fields)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByRole('button', { name: 'Add channel', exact: true }).click();
  await shows(page.getByRole('heading', { name: 'Channel added' }));
}

async function takeChat(page: Page, name: string, text: string) {
  await page.getByRole('link', { name: /^Inbox/ }).click();
  const card = page.getByRole('article', { name: `Chat request from ${name}` });
  await shows(card.getByText(text));
  await card.getByRole('button', { name: 'Chat', exact: true }).click();
  return page.getByRole('log', { name: 'Messages' });
}

describe.skipIf(!available)('channel receipts, edits and files', () => {
  let telegram: Awaited<ReturnType<typeof startFakeTelegram>>;
  let graph: Awaited<ReturnType<typeof startFakeMetaGraph>>;
  const team = useTeam({ owner });
  let page: Page;
  // The Telegram conversation, shared by the document and the edit of its caption.
  let hook = '';
  let secret: string | undefined;
  let sent: { update_id: number; message: Record<string, unknown> };
  let log: Locator;

  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: botToken });
    graph = await startFakeMetaGraph({ accessToken: wa.accessToken });
    page = team.owner.page;
  });
  afterAll(async () => {
    await telegram?.close();
    await graph?.close();
  });

  it('Telegram: a customer’s document shows in the chat and downloads with its real name and bytes', async () => {
    // --- Telegram: a document with a caption, then the caption edited.
    await addChannel(page, 'Telegram', {
      'Channel name': 'Support bot',
      'Bot token (from @BotFather)': botToken,
      'Bot API URL': telegram.url,
    });
    expect(telegram.webhook.allowedUpdates).toEqual(['message', 'edited_message']);
    hook = telegram.webhook.url!;
    secret = telegram.webhook.secretToken;
    telegram.addFile('doc-e2e', 'documents/file_1.pdf', Buffer.from('%PDF-1.7 e2e'));
    const chat = { id: 8080, type: 'private', first_name: 'Jill' };
    const date = Math.floor(Date.now() / 1000);
    sent = {
      update_id: 1,
      message: {
        message_id: 5,
        chat,
        from: { id: 8080, is_bot: false, first_name: 'Jill' },
        date,
        caption: 'Invoice attached',
        document: { file_id: 'doc-e2e', file_name: 'Fatura Ağustos.pdf', mime_type: 'application/pdf' },
      },
    };
    expect(await post(hook, telegramWebhookRequest(secret, sent))).toBe(200);
    log = await takeChat(page, 'Jill', 'Invoice attached');
    const download = log.getByRole('link', { name: /^Download Fatura Ağustos\.pdf/ });
    await shows(download);
    const href = await download.getAttribute('href');
    const bytes = Buffer.from(await (await fetch(new URL(href!, team.server.url))).arrayBuffer());
    expect(bytes.toString()).toBe('%PDF-1.7 e2e');
  });

  it('Telegram: the customer’s edited caption shows with “Edited”, the original one click away', async () => {
    const edit = {
      update_id: 2,
      edited_message: {
        ...sent.message,
        edit_date: Number(sent.message.date) + 20,
        caption: 'Invoice attached (August)',
      },
    };
    expect(await post(hook, telegramWebhookRequest(secret, edit))).toBe(200);
    await shows(log.getByText('Invoice attached (August)'));
    const edited = log.getByText('Edited', { exact: true });
    await shows(edited);
    await edited.click();
    await shows(log.getByText('Invoice attached', { exact: true }));
  });

  it('WhatsApp: the agent’s reply goes Sent → Delivered → Seen as the Cloud API’s statuses arrive', async () => {
    // --- WhatsApp: the agent's reply, then the Cloud API's statuses.
    await addChannel(page, 'WhatsApp', {
      'Channel name': 'WhatsApp',
      'Phone number ID': wa.phoneNumberId,
      'Access token (system user)': wa.accessToken,
      'App secret': wa.appSecret,
      'Webhook verify token': 'verify-e2e-token',
      'Graph API URL': graph.url,
    });
    const waHook = await page.getByRole('textbox', { name: 'Webhook URL' }).inputValue();
    const inbound = whatsappMessagePayload({
      phoneNumberId: wa.phoneNumberId,
      from: '905551230000',
      name: 'Kemal',
      id: 'wamid.E2E1',
      text: 'Is it in stock?',
    });
    expect(await post(waHook, metaWebhookRequest(wa.appSecret, inbound))).toBe(200);
    const waLog = await takeChat(page, 'Kemal', 'Is it in stock?');
    await page.getByRole('textbox', { name: 'Message' }).fill('Yes, two left.');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    // The reply is in the chat first (stored), then the provider's answer marks it Sent.
    await shows(waLog.getByText('Yes, two left.'));
    await shows(waLog.getByText('Sent', { exact: true }));
    const wamid = graph.sent.find((s) => s.api === 'whatsapp')!.messageId;
    const status = (s: 'delivered' | 'read') =>
      post(
        waHook,
        metaWebhookRequest(
          wa.appSecret,
          whatsappStatusPayload({
            phoneNumberId: wa.phoneNumberId,
            id: wamid,
            recipient: '905551230000',
            status: s,
          }),
        ),
      );
    expect(await status('delivered')).toBe(200);
    await shows(waLog.getByText('Delivered', { exact: true }));
    expect(await status('read')).toBe(200);
    await shows(waLog.getByText('Seen', { exact: true }));
  });
});
