import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { AGENT, useTeam } from '../support/team';

// A7: the console installs (manifest, icons, service worker), opens offline with a clear "You are
// offline" state, and a push notification (delivered through DevTools: Chromium's own push needs
// Google's FCM, which this machine cannot reach) opens the right chat when clicked. Every screen at
// 390 px wide. J3: an agent sends their error log and an admin reads it in Manage.

const { available } = chromiumAvailability();

const pngSize = (bytes: Buffer) => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

async function serviceWorkerReady(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active?.scriptURL ?? '';
  });
}

describe.skipIf(!available)('installable console, offline, push click, phone width, error log', () => {
  const team = useTeam({ agent: AGENT });
  let page: Page;
  beforeAll(() => {
    page = team.owner.page;
  });

  it('serves a valid manifest with installable icons, and registers the service worker', async () => {
    const base = team.server.url;
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(manifestHref).toBe('/manifest.webmanifest');
    const res = await fetch(new URL(manifestHref!, base));
    expect(res.headers.get('content-type')).toMatch(/application\/manifest\+json/);
    const manifest = (await res.json()) as {
      name: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ name: 'Parley', start_url: '/inbox', display: 'standalone' });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    for (const [size, purpose] of [
      ['192x192', 'any'],
      ['512x512', 'any'],
      ['512x512', 'maskable'],
    ]) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.purpose === purpose);
      expect(icon, `${size} ${purpose}`).toBeDefined();
      const bytes = Buffer.from(await (await fetch(new URL(icon!.src, base))).arrayBuffer());
      expect(pngSize(bytes)).toEqual(size?.split('x').map(Number));
    }
    expect(await serviceWorkerReady(page)).toBe(`${base}/sw.js`);
  });

  it('reloads offline to the cached app shell with a "You are offline" status, and never caches the API', async () => {
    // The worker controls the page after a (re)load; then the network goes away.
    await page.goto(new URL('/inbox', team.server.url).href);
    await shows(heading(page, 'Inbox'));
    await page.context().setOffline(true);
    try {
      await page.reload();
      const status = page.getByRole('status').filter({ hasText: 'You are offline.' });
      await shows(status);
      expect(await page.title()).not.toMatch(/not available|ERR_/i);
    } finally {
      await page.context().setOffline(false);
    }
    await shows(heading(page, 'Inbox'));
    await expect.poll(() => page.getByText('You are offline.').count()).toBe(0);
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        urls.push(...(await cache.keys()).map((r) => new URL(r.url).pathname));
      }
      return urls;
    });
    expect(cached).toContain('/index.html');
    expect(cached.some((u) => u.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((u) => /^\/(trpc|uploads|files|avatars)\b/.test(u))).toEqual([]);
  });

  it('subscribes on the Push notifications page as far as Chromium allows, and a pushed notification opens its chat', async () => {
    await page.context().grantPermissions(['notifications'], { origin: team.server.url });
    await page.getByRole('link', { name: 'Push notifications', exact: true }).click();
    await shows(heading(page, 'Push notifications'));
    await shows(page.getByText('Push notifications are off for this device.'));
    await shows(page.getByRole('button', { name: 'Turn on push notifications' }));
    await shows(page.getByRole('heading', { name: 'Install Parley' }));

    // The push event as a push service would deliver it (the payload the server encrypts).
    const cdp = await page.context().newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: typeof registrations }) =>
      registrations.push(...e.registrations),
    );
    await cdp.send('ServiceWorker.enable');
    // A push reaches only an activated worker: wait for it, then deliver until the notification shows
    // (the same tag replaces a repeat, so a second delivery cannot double it).
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => registrations.length).toBeGreaterThan(0);
    const target = '/team/chats/00000000-0000-7000-8000-000000000001';
    const deliver = () =>
      cdp.send('ServiceWorker.deliverPushMessage', {
        origin: team.server.url,
        registrationId: registrations.at(-1)!.registrationId,
        data: JSON.stringify({
          title: 'Team message from Ayşe',
          body: 'Open Team chats to read it',
          url: target,
          tag: 't1',
        }),
      });
    const shown = () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => [n.title, n.data?.url]),
      );
    await expect
      .poll(
        async () => {
          const now = await shown();
          if (now.length === 0) await deliver();
          return now;
        },
        { timeout: 20_000 },
      )
      .toEqual([['Team message from Ayşe', target]]);

    // Clicking it: the worker focuses this console and routes it to the chat.
    const worker = page.context().serviceWorkers()[0]!;
    await worker.evaluate(async () => {
      // The worker's globals, typed here (the e2e project compiles without the WebWorker lib).
      type TNotification = { data?: { url?: string } };
      const sw = self as unknown as {
        registration: { getNotifications(): Promise<TNotification[]> };
        dispatchEvent(event: Event): boolean;
      };
      const NotificationEventCtor = (
        self as unknown as {
          NotificationEvent: new (type: string, init: { notification: TNotification }) => Event;
        }
      ).NotificationEvent;
      const [notification] = await sw.registration.getNotifications();
      sw.dispatchEvent(new NotificationEventCtor('notificationclick', { notification: notification! }));
    });
    await expect.poll(() => new URL(page.url()).pathname).toBe(target);
  });

  it('J3: an agent sends their error log (redacted) and the admin reads it in Manage', async () => {
    const agentPage = team.agent.page;
    // A failed call (a chat that does not exist) and a console warning with personal data in it.
    await agentPage.goto(new URL('/chats/00000000-0000-7000-8000-00000000dead', team.server.url).href);
    await agentPage.evaluate(() => console.warn('e2e warning for jane.doe@example.com'));
    await agentPage.getByRole('link', { name: 'Error log', exact: true }).click();
    await shows(heading(agentPage, 'Error log'));
    const table = agentPage.getByRole('table', { name: 'Errors and warnings' });
    await shows(table.getByText('e2e warning for [email]'));
    await shows(table.getByText(/chats\.get failed: NOT_FOUND/));
    await agentPage.getByRole('button', { name: 'Send error log' }).click();
    await shows(agentPage.getByRole('status').filter({ hasText: /^Error log sent/ }));

    await page.getByRole('link', { name: 'Error logs', exact: true }).click();
    await shows(heading(page, 'Error logs'));
    await page.getByRole('button', { name: `Open log from ${AGENT.name}` }).click();
    const log = page.getByRole('table', { name: 'Errors and warnings' });
    await shows(log.getByText('e2e warning for [email]'));
    await shows(log.getByText(/chats\.get failed: NOT_FOUND/));
    expect(await log.textContent()).not.toContain('jane.doe');
  });

  it('every console screen fits 390 px: no sideways scrolling, the heading and the menu button visible', async () => {
    const screens: [string, string][] = [
      ['/inbox', 'Inbox'],
      ['/chats', 'My chats'],
      ['/archive', 'Archive'],
      ['/visitors', 'Visitors on the site'],
      ['/crm/visitors', 'Visitors'],
      ['/crm/reminders', 'Reminders'],
      ['/crm/bans', 'Bans'],
      ['/statistics', 'Statistics'],
      ['/team', 'Team'],
      ['/team/chats', 'Team chats'],
      ['/manage/agents', 'Agents'],
      ['/manage/channels', 'Channels'],
      ['/manage/channels/new', 'Add channel'],
      ['/manage/integrations', 'Integrations'],
      ['/manage/processes', 'Customer processes'],
      ['/manage/tags', 'Tags'],
      ['/manage/error-logs', 'Error logs'],
      ['/settings/account', 'My account'],
      ['/settings/general', 'General'],
      ['/settings/sounds', 'Sounds'],
      ['/settings/sessions', 'Sessions'],
      ['/settings/security', 'Sign-in security'],
      ['/settings/canned', 'Canned responses'],
      ['/settings/shortcuts', 'Shortcuts and typing'],
      ['/settings/push', 'Push notifications'],
      ['/settings/error-log', 'Error log'],
    ];
    await page.setViewportSize({ width: 390, height: 844 });
    const problems: string[] = [];
    try {
      for (const [path, title] of screens) {
        await page.goto(new URL(path, team.server.url).href);
        try {
          // Team chats is a split view whose list heading names the screen.
          await shows(page.getByRole('heading', { name: title, exact: true }), 10_000);
        } catch {
          await page.screenshot({ path: `/tmp/parley-390-${path.replaceAll('/', '_')}.png` });
          problems.push(`${path}: no heading`);
          continue;
        }
        await page.waitForTimeout(300);
        const width = await page.evaluate(() =>
          Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        );
        if (width > 390) {
          // Name the widest elements, for the fix.
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll('body *')]
              .filter((el) => {
                if (el.getBoundingClientRect().right <= 391) return false;
                // Only what is not inside a scrolling box of its own.
                for (let n = el.parentElement; n && n !== document.body; n = n.parentElement)
                  if (getComputedStyle(n).overflowX !== 'visible') return false;
                return true;
              })
              .slice(0, 1)
              .flatMap((el) => {
                const chain: string[] = [];
                for (let n: Element | null = el; n && n !== document.body; n = n.parentElement)
                  chain.push(
                    `${n.tagName.toLowerCase()}.${[...n.classList].join('.')}[${getComputedStyle(n).overflowX} ${n.clientWidth}/${n.scrollWidth}]`,
                  );
                return chain;
              }),
          );
          problems.push(`${path}: ${width}px wide (${wide.join(', ')})`);
        }
        if (!(await page.getByRole('button', { name: 'Open menu' }).isVisible()))
          problems.push(`${path}: no menu button`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    expect(problems).toEqual([]);
  });
});
