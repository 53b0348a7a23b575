import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { startServer, type TRunningServer } from '../support/server';
import { apiClient, eventually } from '../support/widget';

// What a visitor is told, in the widget on /demo: the offline form confirms where the answer will go;
// an agent's proactive first message (F2) shows as a bubble by the launcher, under the name the agent
// uses on this channel (A5); people's names are bidi-isolated, so a right-to-left name cannot flip the
// text after it.

const { available } = chromiumAvailability();
const RTL_NAME = 'مريم';

describe.skipIf(!available)('what the widget tells the visitor', () => {
  let server: TRunningServer;
  let api: ReturnType<typeof apiClient>;
  const browsers: TBrowser[] = [];
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
    const channel = await api.call<{ id: string }>('channels.create', { kind: 'website', name: 'Shop' });
    await api.call('account.setDisplayName', { channelId: channel.id, displayName: RTL_NAME });
  });

  afterAll(async () => {
    clearInterval(heartbeat);
    for (const b of browsers) await b.close();
    await server?.stop();
  });

  async function visitor(): Promise<{ page: Page; chat: FrameLocator }> {
    const browser = await launchBrowser({ locale: 'en-US' });
    browsers.push(browser);
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo`);
    await page.getByRole('button', { name: 'Open chat' }).waitFor({ timeout: 15_000 });
    return { page, chat: page.getByTitle('Chat', { exact: true }).contentFrame() };
  }

  it('confirms an offline message with the address the answer goes to', async () => {
    // The owner is online from setup: away, nobody is.
    await api.call('presence.set', { presence: 'away' });
    const { page, chat } = await visitor();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByLabel('Name').fill('Ayla');
    await chat.getByLabel('Email').fill('ayla@example.test');
    await chat.getByLabel('Message').fill('Do you ship to Izmir?');
    await chat.getByRole('button', { name: 'Send message' }).click();
    await chat
      .getByRole('status')
      .getByText('We got your message and will reply to ayla@example.test.')
      .waitFor({ timeout: 15_000 });
  });

  it("shows an agent's first message by the launcher, under the channel's name for the agent", async () => {
    await api.call('presence.set', { presence: 'online' });
    heartbeat = setInterval(() => void api.call('presence.heartbeat', {}).catch(() => {}), 15_000);
    type Online = { id: string }[];
    const before = new Set((await api.call<Online>('visitors.online', undefined, 'GET')).map((v) => v.id));
    const { page, chat } = await visitor();
    const online = await eventually(async () =>
      (await api.call<Online>('visitors.online', undefined, 'GET')).find((v) => !before.has(v.id)),
    );
    // Sent as soon as the visitor shows up, while the widget may still be connecting: its event stream
    // starts from widget.start's snapshot, so the message is not missed.
    await api.call('chats.startWithVisitor', {
      visitorId: online.id,
      clientId: crypto.randomUUID(),
      body: 'Hi! Can I help you find a roast?',
    });

    // Beside the closed launcher, not only as a count on it.
    const bubble = page.getByRole('button', { name: /Can I help you find a roast\?/ });
    await bubble.waitFor({ timeout: 15_000 });
    expect(await bubble.textContent()).toContain(RTL_NAME);
    await bubble.click();
    const log = chat.getByRole('log');
    await log.getByText('Hi! Can I help you find a roast?').waitFor();

    // The agent's right-to-left name is isolated wherever it appears: header, message author.
    const names = chat.getByText(RTL_NAME, { exact: true });
    await expect.poll(() => names.count()).toBeGreaterThanOrEqual(2);
    for (const el of await names.all())
      expect(await el.evaluate((node) => getComputedStyle(node).unicodeBidi)).toBe('isolate');
    expect(await page.getByRole('button', { name: /Can I help you find a roast\?/ }).isHidden()).toBe(true);
  });
});
