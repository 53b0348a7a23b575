import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { expectCount } from '../support/console';
import { startServer, type TRunningServer } from '../support/server';
import { apiClient, eventually } from '../support/widget';

// G2 on a customer's site: the snippet on a page of another site than the API (the shop is
// `localhost:<port>`, Parley `127.0.0.1:<port>`), in Chromium with its default settings, which deny the
// widget's third-party iframe localStorage and IndexedDB. The visitor's state lives in the shop's own
// storage through the loader: chat, navigate twice, a second tab, a reload — one visitor, one
// conversation, no message lost or doubled, the pre-chat form asked once; the emoji picker works.

const { available } = chromiumAvailability();

type Summary = { id: string; lastMessage: { body: string } | null };
type ChatMessage = { author: string; body: string };

/** A customer's static site: three pages with the channel's snippet. */
function startShop(snippet: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const page = (req.url ?? '/').split('?')[0] ?? '/';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Shop ${page}</title><h1>Shop ${page}</h1>` +
        `<a href="/a">A</a> <a href="/b">B</a> <a href="/c">C</a>${snippet}`,
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!available)('the widget on another site', () => {
  let server: TRunningServer;
  let shop: http.Server;
  let shopUrl: string;
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
    const channel = await api.call<{ snippet: string }>('channels.create', {
      kind: 'website',
      name: 'Shop',
      config: { preChatForm: { enabled: true, requireName: true, requireEmail: false } },
    });
    shop = await startShop(channel.snippet);
    shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
    expect(new URL(server.url).hostname).not.toBe(new URL(shopUrl).hostname);
    await api.call('presence.heartbeat', {});
    heartbeat = setInterval(() => void api.call('presence.heartbeat', {}).catch(() => {}), 15_000);
  });

  afterAll(async () => {
    clearInterval(heartbeat);
    await browser?.close();
    shop?.close();
    await server?.stop();
  });

  const chat = (page: Page): FrameLocator => page.getByTitle('Chat', { exact: true }).contentFrame();
  const log = (page: Page) => chat(page).getByRole('log');
  async function visit(page: Page, path: string) {
    await page.goto(`${shopUrl}${path}`);
    await page.getByRole('button', { name: /chat/i }).first().waitFor({ timeout: 15_000 });
  }
  async function send(page: Page, text: string) {
    const composer = chat(page).getByLabel('Your message');
    await composer.fill(text);
    await composer.press('Enter');
    await log(page).getByText(text).waitFor();
  }
  const visitorMessages = async (conversationId: string) => {
    const got = await api.call<{ messages: ChatMessage[] }>('chats.get', { conversationId }, 'GET');
    return got.messages.filter((m) => m.author === 'visitor').map((m) => m.body);
  };

  it('keeps one visitor and one conversation across pages, tabs and a reload', {
    timeout: 180_000,
  }, async () => {
    browser = await launchBrowser({ locale: 'en-US' });
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // The frame really is denied storage here: what it keeps must come from the shop's page.
    await visit(page, '/a');
    const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
    expect(
      await frame?.evaluate(() => {
        try {
          return typeof window.localStorage;
        } catch {
          return 'denied';
        }
      }),
    ).toBe('denied');

    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat(page).getByLabel('Name').fill('Deniz');
    await chat(page).getByRole('button', { name: 'Start chat' }).click();
    await send(page, 'First, on page A');
    const conversation = await eventually(async () => {
      const inbox = await api.call<Summary[]>('chats.inbox', undefined, 'GET');
      return inbox.find((c) => c.lastMessage?.body === 'First, on page A');
    });
    await api.call('chats.accept', { conversationId: conversation.id });
    await api.call('chats.send', {
      conversationId: conversation.id,
      clientId: crypto.randomUUID(),
      body: 'Hello Deniz',
    });
    await log(page).getByText('Hello Deniz').waitFor();

    // Two full navigations: the chat reopens with its transcript, the form is not asked again.
    await page.getByRole('link', { name: 'B' }).click();
    await log(page).getByText('Hello Deniz').waitFor({ timeout: 15_000 });
    await send(page, 'Second, on page B');
    await page.getByRole('link', { name: 'C' }).click();
    await log(page).getByText('Second, on page B').waitFor({ timeout: 15_000 });
    expect(await chat(page).getByRole('button', { name: 'Start chat' }).count()).toBe(0);

    // A second tab of the same site is the same visitor in the same conversation, both ways live.
    const second = await browser.context.newPage();
    second.on('pageerror', (e) => errors.push(e.message));
    await visit(second, '/a');
    await log(second).getByText('Second, on page B').waitFor({ timeout: 15_000 });
    await send(second, 'Third, from the second tab');
    await log(page).getByText('Third, from the second tab').waitFor();

    // Closing that tab does not make the visitor go offline: the first is still open, so the closing
    // tab sends no leave beacon. Each tab notes its beacons in the site's storage as it unloads; the
    // reload below, of the last tab, sends one, which shows the note works and comes after any of the
    // closed tab's (one storage, changed in order).
    const noteBeacons = (tab: Page, name: string) =>
      tab.evaluate((key) => {
        const send = navigator.sendBeacon.bind(navigator);
        navigator.sendBeacon = (url, data) => {
          if (String(url).endsWith('/widget/leave')) localStorage.setItem(key, 'sent');
          return send(url, data);
        };
      }, `e2e-leave-beacon:${name}`);
    const beaconOf = (name: string) =>
      page.evaluate((key) => localStorage.getItem(key), `e2e-leave-beacon:${name}`);
    await noteBeacons(second, 'second tab');
    await noteBeacons(page, 'last tab');
    const closed = second.waitForEvent('close');
    await second.close({ runBeforeUnload: true });
    await closed;
    const online = await api.call<{ id: string }[]>('visitors.online', undefined, 'GET');
    expect(online).toHaveLength(1);

    // A reload: everything once, nothing lost.
    await page.reload();
    await expect.poll(() => beaconOf('last tab')).toBe('sent');
    expect(await beaconOf('second tab')).toBeNull();
    await log(page).getByText('Third, from the second tab').waitFor({ timeout: 15_000 });
    for (const text of ['First, on page A', 'Hello Deniz', 'Second, on page B', 'Third, from the second tab'])
      await expectCount(log(page).getByText(text, { exact: true }), 1);
    expect(await visitorMessages(conversation.id)).toEqual([
      'First, on page A',
      'Second, on page B',
      'Third, from the second tab',
    ]);
    const inbox = await api.call<Summary[]>('chats.mine', undefined, 'GET');
    expect(inbox.map((c) => c.id)).toEqual([conversation.id]);
    expect(await api.call<{ id: string }[]>('visitors.online', undefined, 'GET')).toHaveLength(1);

    // C10: the emoji picker needs no storage; its data comes from our server.
    await chat(page).getByRole('button', { name: 'Insert emoji' }).click();
    const picker = chat(page).getByRole('dialog', { name: 'Insert emoji' });
    await picker.getByRole('combobox', { name: 'Search emoji' }).fill('thumbs up');
    await picker.getByRole('option', { name: 'thumbs up' }).click();
    await expect.poll(() => chat(page).getByLabel('Your message').inputValue()).toContain('👍');
    expect(errors).toEqual([]);
  });
});
