import type { Frame, FrameLocator, Locator, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { startServer, type TRunningServer } from '../support/server';
import { apiClient, eventually } from '../support/widget';

// G1–G3, G5, F3 from the visitor's side: the demo page's widget, a chat with an agent (driven over the
// API), unread badge, the offline queue across a lost connection, Turkish by browser language.

const { available } = chromiumAvailability();
type Summary = { id: string; invitationText: string | null; lastMessage: { body: string } | null };
type ChatMessage = { author: string; body: string };

describe.skipIf(!available)('website widget', () => {
  let server: TRunningServer;
  let browser: TBrowser | undefined;
  let api: ReturnType<typeof apiClient>;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  beforeAll(async () => {
    server = await startServer();
    api = apiClient(server.url);
    await api.call('setup.create', {
      accountName: 'Northwind',
      name: 'Olivia Owner',
      email: 'olivia@northwind.test',
      password: 'correct horse 1',
      locale: 'en',
    });
    await api.call('channels.create', {
      kind: 'website',
      name: 'Shop',
      config: { invitations: [{ id: 'hello', text: 'Looking for the right roast?', secondsOnPage: 1 }] },
    });
    // The owner counts as an online agent while the console beats.
    await api.call('presence.heartbeat', {});
    heartbeat = setInterval(() => void api.call('presence.heartbeat', {}).catch(() => {}), 15_000);
  });

  afterAll(async () => {
    clearInterval(heartbeat);
    await browser?.close();
    await server?.stop();
  });

  async function openDemo(page: Page) {
    await page.goto(`${server.url}/demo`);
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.waitFor({ state: 'visible', timeout: 15_000 });
    return launcher;
  }
  const chat = (page: Page): FrameLocator => page.frameLocator('iframe[src*="/widget/frame.html"]');
  // The visitor of the first four tests, in one browser, one chat after another.
  const sockets: WebSocketRoute[] = [];
  const errors: string[] = [];
  let page: Page;
  let launcher: Locator;
  let composer: Locator;
  let conversation: Summary;
  afterEach(() => {
    expect(errors.splice(0), 'uncaught errors in the page').toEqual([]);
  });

  const frameOf = (page: Page): Frame => {
    const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (!frame) throw new Error('no widget frame');
    return frame;
  };

  it('answers an invitation and chats with an agent; the visitor’s text stays text', async () => {
    browser = await launchBrowser({ locale: 'en-US' });
    // Every widget socket passes through here, so the test can cut an open connection (Chromium's
    // offline mode only stops new ones).
    await browser.context.routeWebSocket(/\/trpc/, (ws) => {
      ws.connectToServer();
      sockets.push(ws);
    });
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    launcher = await openDemo(page);

    // F3: the invitation appears next to the launcher; answering it opens the chat.
    const invitation = page.getByRole('button', { name: 'Looking for the right roast?' });
    await invitation.waitFor({ state: 'visible', timeout: 15_000 });
    await invitation.click();
    const dialog = chat(page).getByRole('dialog', { name: 'Chat with us' });
    await dialog.waitFor({ state: 'visible' });
    composer = chat(page).getByLabel('Your message');
    await composer.fill('Which beans for espresso? <b>not bold</b>');
    await composer.press('Enter');

    // The agent sees the chat request with the invitation, accepts it and answers.
    conversation = await eventually(async () => {
      const inbox = await api.call<Summary[]>('chats.inbox', undefined, 'GET');
      return inbox.find((c) => c.lastMessage?.body === 'Which beans for espresso? <b>not bold</b>');
    });
    expect(conversation.invitationText).toBe('Looking for the right roast?');
    await api.call('chats.accept', { conversationId: conversation.id });
    await api.call('chats.send', {
      conversationId: conversation.id,
      clientId: crypto.randomUUID(),
      body: 'Try the House Espresso!',
    });
    const log = chat(page).getByRole('log');
    await log.getByText('Try the House Espresso!').waitFor();
    // Visitor text is rendered as text, never as HTML.
    await log.getByText('Which beans for espresso? <b>not bold</b>').waitFor();
  });

  it('a message while the chat is closed shows an unread badge on the launcher', async () => {
    // Closed chat: a new agent message shows an unread badge on the launcher.
    await page.keyboard.press('Escape');
    await launcher.waitFor({ state: 'visible' });
    await api.call('chats.send', {
      conversationId: conversation.id,
      clientId: crypto.randomUUID(),
      body: 'Still there?',
    });
    await expect.poll(() => page.locator('parley-widget .u').textContent(), { timeout: 10_000 }).toBe('1');
    await launcher.click();
    await expect.poll(() => page.locator('parley-widget .u').isHidden(), { timeout: 10_000 }).toBe(true);
  });

  it('a message typed while the connection is down shows as sending and arrives once', async () => {
    // G2: typed while the connection is down, shown as sending, delivered exactly once afterwards.
    await page.context().setOffline(true);
    for (const ws of sockets.splice(0)) await ws.close({ code: 4000, reason: 'offline' });
    await chat(page).getByText('Connecting…').waitFor({ timeout: 20_000 });
    await composer.fill('Sent while offline');
    await composer.press('Enter');
    await chat(page).getByText('Sending…').waitFor();
    const delivered = async () => {
      const got = await api.call<{ messages: ChatMessage[] }>(
        'chats.get',
        { conversationId: conversation.id },
        'GET',
      );
      return got.messages.filter((m) => m.body === 'Sent while offline').length;
    };
    // Held back while offline (the widget shows it as sending, the server has not got it).
    expect(await delivered()).toBe(0);
    await page.context().setOffline(false);
    await expect.poll(delivered, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => chat(page).getByText('Sending…').count(), { timeout: 10_000 }).toBe(0);
  });

  it('the conversation follows the visitor to another page', async () => {
    // The same conversation follows the visitor to another page.
    await page.goto(`${server.url}/demo/pricing`);
    await page.getByRole('button', { name: /chat/i }).first().waitFor();
    await page.evaluate(() => (window as unknown as { Parley: { open(): void } }).Parley.open());
    await chat(page).getByRole('log').getByText('Sent while offline').waitFor();
    expect(await frameOf(page).evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('speaks Turkish to a Turkish browser', async () => {
    const tr = await launchBrowser({ locale: 'tr-TR' });
    try {
      const page = await tr.context.newPage();
      await page.goto(`${server.url}/demo`);
      const launcher = page.getByRole('button', { name: 'Sohbeti aç' });
      await launcher.waitFor({ state: 'visible', timeout: 15_000 });
      await launcher.click();
      await chat(page).getByRole('dialog', { name: 'Bize yazın' }).waitFor();
      await chat(page).getByLabel('Mesajınız').waitFor();
    } finally {
      await tr.close();
    }
  });
});
