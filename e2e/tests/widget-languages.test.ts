import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { boxOf, heading, shows } from '../support/console';
import { startServer, type TRunningServer } from '../support/server';
import { apiClient, eventually } from '../support/widget';

// G5: the widget speaks the visitor's language. On a shop of another site than the API (Chromium's
// default settings deny the widget's iframe storage there): German from the browser, its strings in a
// chunk of their own; Arabic laid out right to left with the launcher and the chat on the mirrored
// side and plurals in the launcher's name; a channel whose setting (chosen in the console) overrides
// the browser.

const { available } = chromiumAvailability();

type Channel = { id: string; snippet: string };

/** A customer's site: /auto has the channel that follows the browser, /fixed the overridden one. */
function startShop(snippets: Record<string, string>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const page = (req.url ?? '/').split('?')[0] ?? '/';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Shop</title><h1>Shop</h1>${snippets[page] ?? ''}`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!available)('the widget in the visitor’s language', () => {
  let server: TRunningServer;
  let shop: http.Server;
  let shopUrl: string;
  let api: ReturnType<typeof apiClient>;
  let fixed: Channel;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const browsers: TBrowser[] = [];

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
    const auto = await api.call<Channel>('channels.create', { kind: 'website', name: 'Shop' });
    fixed = await api.call<Channel>('channels.create', { kind: 'website', name: 'Boutique' });
    shop = await startShop({ '/auto': auto.snippet, '/fixed': fixed.snippet });
    shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
    expect(new URL(server.url).hostname).not.toBe(new URL(shopUrl).hostname);
    await api.call('presence.heartbeat', {});
    heartbeat = setInterval(() => void api.call('presence.heartbeat', {}).catch(() => {}), 15_000);
  });

  afterAll(async () => {
    clearInterval(heartbeat);
    for (const b of browsers) await b.close();
    shop?.close();
    await server?.stop();
  });

  async function visitor(locale: string, path: string) {
    const browser = await launchBrowser({ locale });
    browsers.push(browser);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const scripts: string[] = [];
    page.on('request', (r) => scripts.push(new URL(r.url()).pathname));
    await page.goto(`${shopUrl}${path}`);
    return { page, errors, scripts };
  }
  const frameOf = (page: Page, title: string) => page.getByTitle(title, { exact: true }).contentFrame();
  const frameRoot = (page: Page) =>
    eventually(async () => page.frames().find((f) => f.url().includes('/widget/frame.html')));
  const shadowDir = (page: Page) =>
    page.locator('parley-widget').evaluate((el) => el.shadowRoot?.querySelector<HTMLElement>('.w')?.dir);

  it('speaks German to a de-DE browser, loading only the German strings', { timeout: 120_000 }, async () => {
    const { page, errors, scripts } = await visitor('de-DE', '/auto');
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    const chat = frameOf(page, 'Chat');
    await shows(chat.getByRole('heading', { name: 'Schreiben Sie uns' }));
    const composer = chat.getByLabel('Ihre Nachricht');
    await composer.fill('Guten Tag, ist mein Paket unterwegs?');
    await chat.getByRole('button', { name: 'Senden' }).click();
    await shows(chat.getByRole('log').getByText('Guten Tag, ist mein Paket unterwegs?'));
    await shows(page.getByRole('button', { name: 'Chat schließen' }));
    const frame = await frameRoot(page);
    expect(await frame.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(
      ['de', 'ltr'],
    );
    // Each language is a chunk of its own: German came, no other language did.
    const chunks = scripts.filter((p) => /\/widget\/assets\/[a-zA-Z-]+-[\w-]{8}\.js$/.test(p));
    expect(chunks.some((p) => /\/de-[\w-]{8}\.js$/.test(p))).toBe(true);
    expect(chunks.filter((p) => /\/(tr|fr|ar|ja|ru|pt-BR)-[\w-]{8}\.js$/.test(p))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lays Arabic out right to left: launcher and chat on the left, mirrored bubbles, Arabic plurals', {
    timeout: 120_000,
  }, async () => {
    const { page, errors } = await visitor('ar', '/auto');
    const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
    const launcher = page.getByRole('button', { name: 'فتح المحادثة' });
    await shows(launcher);
    expect(await shadowDir(page)).toBe('rtl');
    const launcherBox = await boxOf(launcher);
    expect(launcherBox.x + launcherBox.width).toBeLessThan(viewport.width / 2);

    await launcher.click();
    const chat = frameOf(page, 'المحادثة');
    await shows(chat.getByRole('heading', { name: 'تحدّث معنا' }));
    const frame = await frameRoot(page);
    expect(await frame.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(
      ['ar', 'rtl'],
    );
    const panel = await boxOf(page.getByTitle('المحادثة', { exact: true }));
    expect(panel.x).toBeLessThan(40);
    expect(panel.x + panel.width).toBeLessThan(viewport.width / 2);

    // The visitor's own bubble sits at the end of the line: on the left, right to left.
    const body = 'مرحبًا، أين طلبي؟';
    await chat.getByLabel('رسالتك').fill(body);
    await chat.getByRole('button', { name: 'إرسال' }).click();
    const bubble = chat.getByRole('log').getByText(body);
    await shows(bubble);
    const log = await boxOf(chat.getByRole('log'));
    const mine = await boxOf(bubble);
    expect(mine.x - log.x).toBeLessThan(log.width / 3);
    // The send arrow points the way Arabic runs.
    expect(
      await frame.evaluate(() => getComputedStyle(document.querySelector('.send svg') as Element).transform),
    ).toBe('matrix(-1, 0, 0, 1, 0, 0)');

    // Two agent replies while the chat is closed: the launcher names them with Arabic's dual.
    await page.getByRole('button', { name: 'إغلاق المحادثة' }).first().click();
    await shows(page.getByRole('button', { name: 'فتح المحادثة', exact: true }));
    const conversation = await eventually(async () => {
      const inbox = await api.call<{ id: string; lastMessage: { body: string } | null }[]>(
        'chats.inbox',
        undefined,
        'GET',
      );
      return inbox.find((c) => c.lastMessage?.body === body);
    });
    await api.call('chats.accept', { conversationId: conversation.id });
    for (const text of ['أهلًا!', 'طلبك في الطريق.'])
      await api.call('chats.send', {
        conversationId: conversation.id,
        clientId: crypto.randomUUID(),
        body: text,
      });
    await shows(page.getByRole('button', { name: 'فتح المحادثة، رسالتان غير مقروءتين' }));
    expect(errors).toEqual([]);
  });

  it('keeps the first load of a Turkish and an Arabic visitor within the widget budget', {
    timeout: 120_000,
  }, async () => {
    // As e2e/tests/wire-size.test.ts measures English: CDP's encodedDataLength (compressed body and
    // headers) of everything the widget loads until it has started. A language adds only its chunk.
    const BUDGET = 35 * 1024;
    for (const [locale, chunk, launcher] of [
      ['tr-TR', 'tr', 'Sohbeti aç'],
      ['ar', 'ar', 'فتح المحادثة'],
    ] as const) {
      const browser = await launchBrowser({ locale });
      browsers.push(browser);
      const page = await browser.context.newPage();
      const cdp: CDPSession = await page.context().newCDPSession(page);
      const urls = new Map<string, string>();
      const done: { url: string; bytes: number }[] = [];
      cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
      cdp.on('Network.loadingFinished', (e) => {
        const url = urls.get(e.requestId);
        if (url && /\/(widget|trpc)\//.test(new URL(url).pathname))
          done.push({ url, bytes: e.encodedDataLength });
      });
      await cdp.send('Network.enable');
      // On /demo (the first channel, Shop, follows the browser): the frame is same-site there, so its
      // requests are in this page's CDP session (another site's frame is a process of its own).
      await page.goto(`${server.url}/demo`);
      await shows(page.getByRole('button', { name: launcher, exact: true }));
      await page.waitForLoadState('networkidle');
      const total = done.reduce((n, t) => n + t.bytes, 0);
      const list = done.map(
        (t) => `${new URL(t.url).pathname.replace(/^.*\//, '')} ${(t.bytes / 1024).toFixed(1)} KB`,
      );
      console.log(
        `widget first visit (${locale}): ${list.join(', ')}; total ${(total / 1024).toFixed(1)} KB`,
      );
      expect(done.some((t) => new RegExp(`/${chunk}-[\\w-]{8}\\.js$`).test(t.url))).toBe(true);
      expect(total).toBeLessThanOrEqual(BUDGET);
    }
  });

  it("follows the channel's language chosen in the console over the browser's", {
    timeout: 120_000,
  }, async () => {
    const owner = await launchBrowser({ locale: 'en-US' });
    browsers.push(owner);
    const consolePage = await owner.context.newPage();
    await consolePage.goto(`${server.url}/login`);
    await consolePage.getByLabel('Email', { exact: true }).fill('olivia@northwind.test');
    await consolePage.getByLabel('Password', { exact: true }).fill('correct horse 1');
    await consolePage.getByRole('button', { name: 'Log in' }).click();
    await shows(heading(consolePage, 'Inbox'));
    await consolePage.goto(`${server.url}/manage/channels/${fixed.id}`);
    await shows(heading(consolePage, 'Boutique'));
    const select = consolePage.getByLabel('Widget language', { exact: true });
    expect(await select.locator('option').allTextContents()).toContain('Français');
    await select.selectOption({ label: 'Français' });
    await consolePage.getByRole('button', { name: 'Save changes' }).click();
    await shows(consolePage.getByText('Saved.'));

    const { page, errors } = await visitor('de-DE', '/fixed');
    await page.getByRole('button', { name: 'Ouvrir le chat' }).click();
    const chat = frameOf(page, 'Chat');
    await shows(chat.getByRole('heading', { name: 'Écrivez-nous' }));
    await shows(chat.getByLabel('Votre message'));
    const frame = await frameRoot(page);
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('fr');

    // The other channel still follows the browser.
    await page.goto(`${shopUrl}/auto`);
    await shows(page.getByRole('button', { name: 'Chat öffnen' }));
    expect(errors).toEqual([]);
  });
});
