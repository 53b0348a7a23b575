import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { heading, shows } from '../support/console';
import { startServer, type TRunningServer } from '../support/server';
import { apiClient } from '../support/widget';

// G1: what the widget and the console cost on the wire, measured in Chromium (CDP `encodedDataLength`:
// compressed body plus response headers, 0 for what the cache served), against budgets. A build that
// stops compressing or caching, or grows past a budget, fails here.

const { available } = chromiumAvailability();
const KB = 1024;
const BUDGET = {
  loader: 3.5 * KB,
  /** Everything the widget loads until its launcher shows and the frame has started. */
  widgetFirstVisit: 35 * KB,
  /** A later page of the site: loader and frame revalidated (304), assets from cache, the start call. */
  widgetRepeatVisit: 2 * KB,
  /** Opening the emoji picker for the first time. */
  emojiFirstOpen: 60 * KB,
  /** The script an agent's first screen (login, then the Inbox) needs. */
  consoleFirstScript: 250 * KB,
};

type Transfer = { url: string; type: string; bytes: number };

/** Records every finished request of a page with its bytes on the wire. */
async function recordTransfers(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const pending = new Map<string, { url: string; type: string }>();
  const done: Transfer[] = [];
  cdp.on('Network.requestWillBeSent', (e) =>
    pending.set(e.requestId, { url: e.request.url, type: e.type ?? '' }),
  );
  cdp.on('Network.loadingFinished', (e) => {
    const r = pending.get(e.requestId);
    if (r) done.push({ ...r, bytes: e.encodedDataLength });
  });
  await cdp.send('Network.enable');
  return {
    /** Transfers since the last call. */
    take: () => done.splice(0),
  };
}

const sum = (list: Transfer[]) => list.reduce((n, t) => n + t.bytes, 0);
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;
const show = (list: Transfer[]) =>
  list.map((t) => `${new URL(t.url).pathname.replace(/^.*\//, '')} ${kb(t.bytes)}`).join(', ');

describe.skipIf(!available)('bytes on the wire', () => {
  let server: TRunningServer;
  let browser: TBrowser | undefined;

  beforeAll(async () => {
    server = await startServer();
    const api = apiClient(server.url);
    await api.call('setup.create', {
      accountName: 'Northwind',
      name: 'Olivia Owner',
      email: 'olivia@northwind.test',
      password: 'correct horse 1',
      locale: 'en',
    });
    await api.call('channels.create', { kind: 'website', name: 'Shop' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps the widget on /demo within its budgets: first visit, repeat visit, emoji picker', async () => {
    browser = await launchBrowser({ locale: 'en-US' });
    const page = await browser.context.newPage();
    const wire = await recordTransfers(page);
    const widgetOnly = (list: Transfer[]) =>
      list.filter((t) => /\/(widget|trpc)\//.test(new URL(t.url).pathname));
    const frame = () => page.getByTitle('Chat', { exact: true }).contentFrame();

    await page.goto(`${server.url}/demo`);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    // The frame has started (widget.start answered) once its chat dialog is rendered.
    await frame().getByLabel('Your message').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    const first = widgetOnly(wire.take());
    const loader = first.find((t) => t.url.endsWith('/widget/loader.js'));
    console.log(`widget first visit: ${show(first)}; total ${kb(sum(first))}`);
    expect(loader?.bytes).toBeGreaterThan(0);
    expect(loader?.bytes).toBeLessThanOrEqual(BUDGET.loader);
    expect(sum(first)).toBeLessThanOrEqual(BUDGET.widgetFirstVisit);

    await page.goto(`${server.url}/demo/pricing`);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await frame().getByLabel('Your message').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    const repeat = widgetOnly(wire.take());
    console.log(`widget repeat visit: ${show(repeat)}; total ${kb(sum(repeat))}`);
    expect(repeat.some((t) => t.url.includes('widget.start'))).toBe(true);
    expect(sum(repeat)).toBeLessThanOrEqual(BUDGET.widgetRepeatVisit);

    await page.getByRole('button', { name: 'Open chat' }).click();
    await frame().getByRole('button', { name: 'Insert emoji' }).click();
    await frame().getByRole('option', { name: 'grinning face', exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    const emoji = wire.take();
    console.log(`emoji picker first open: ${show(emoji)}; total ${kb(sum(emoji))}`);
    expect(sum(emoji)).toBeGreaterThan(0);
    expect(sum(emoji)).toBeLessThanOrEqual(BUDGET.emojiFirstOpen);
  });

  it("keeps the script of an agent's first screen within its budget", async () => {
    const agent = await launchBrowser({ locale: 'en-US' });
    try {
      const page = await agent.context.newPage();
      const wire = await recordTransfers(page);
      await page.goto(`${server.url}/login`);
      await page.getByLabel('Email', { exact: true }).fill('olivia@northwind.test');
      await page.getByLabel('Password', { exact: true }).fill('correct horse 1');
      await page.getByRole('button', { name: 'Log in' }).click();
      await shows(heading(page, 'Inbox'));
      await page.waitForLoadState('networkidle');
      const all = wire.take();
      const scripts = all.filter((t) => t.type === 'Script');
      console.log(
        `console first screen: script ${kb(sum(scripts))} (${show(scripts)}); everything ${kb(sum(all))}`,
      );
      expect(sum(scripts)).toBeLessThanOrEqual(BUDGET.consoleFirstScript);
      // Nothing the console loads is a source map, and nothing large went out uncompressed.
      expect(all.some((t) => t.url.endsWith('.map'))).toBe(false);
    } finally {
      await agent.close();
    }
  });
});
