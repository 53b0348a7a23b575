import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { shows } from '../support/console';
import { useTeam } from '../support/team';

// C6 Pointer on a customer's site: the shop is `localhost:<port>`, Parley `127.0.0.1:<port>`, so the
// console cannot frame the visitor's page. The agent asks for it; the widget's loader (its lazily
// loaded snapshot chunk) sends a sanitised copy; the agent clicks an element in that copy, shown in a
// frame that runs no script; the visitor's page highlights the same element. Chromium, default settings.

const { available } = chromiumAvailability();
const owner = {
  accountName: 'Northwind',
  name: 'Olivia Owner',
  email: 'olivia@northwind.test',
  password: 'correct horse 1',
};

/**
 * A customer's page: its own CSS, a script (inside the list, so a copy that dropped it instead of
 * leaving a placeholder would shift `:nth-child`), a form with a value the site keeps to itself.
 */
function startShop(snippet: string, parleyUrl: string): Promise<http.Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html><head><title>Plans</title>' +
        // The script is the list's first child: "Pro" is its third.
        '<style>li{padding:12px;margin:4px 0} li:nth-child(3){background:rgb(255, 200, 0)}</style></head>' +
        '<body><h1 style="color: rgb(0, 0, 255)">Our plans</h1>' +
        '<form action="/buy"><input name="csrf" type="hidden" value="secret-token-1"></form>' +
        '<ul><script>window.shopRan = (window.shopRan || 0) + 1</script><li>Basic</li><li>Pro</li><li>Team</li></ul>' +
        '<p onclick="window.clicked = true">Questions? <a href=" java\tscript:window.clicked = true">Ask us</a>.</p>' +
        `<img alt="Logo" src="/logo.png"><img alt="Beacon" src="${parleyUrl}/healthz"><iframe title="Ad" srcdoc="<p>Ad</p>"></iframe>${snippet}</body></html>`,
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!available)('pointer on another site', () => {
  const team = useTeam({ owner, visitor: {} });
  let shop: http.Server | undefined;
  let agent: Page;
  let visitor: Page;
  let shopUrl = '';
  let dialog: Locator;
  // The copy is styled through the CSSOM, so the console's CSP has nothing to refuse.
  const violations: string[] = [];

  beforeAll(() => {
    agent = team.owner.page;
    visitor = team.visitor.page;
    agent.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
  });
  afterAll(() => {
    shop?.close();
  });

  it('a visitor on a shop of another site writes; the agent takes the chat', async () => {
    const snippet = await agent.evaluate(async () => {
      const response = await fetch('/trpc/channels.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'website', name: 'Shop' }),
      });
      return ((await response.json()) as { result: { data: { snippet: string } } }).result.data.snippet;
    });
    shop = await startShop(snippet, team.server.url);
    shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}/plans`;
    expect(new URL(shopUrl).hostname).not.toBe(new URL(team.server.url).hostname);

    // --- A visitor on the shop writes.
    await visitor.goto(shopUrl);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const chat = visitor.getByTitle('Chat', { exact: true }).contentFrame();
    const composer = chat.getByLabel('Your message', { exact: true });
    await composer.fill('Which plan has more seats?');
    await composer.press('Enter');

    const card = agent.getByRole('article', { name: /^Chat request from / });
    await card.getByRole('button', { name: 'Chat', exact: true }).click();
    await shows(agent.getByRole('log', { name: 'Messages' }).getByText('Which plan has more seats?'));
  });

  it('the picker shows a sanitised copy of the other site’s page, styled as on the shop', async () => {
    // --- The agent opens the picker: the page of another site arrives as a copy.
    await agent.getByRole('button', { name: 'Point on page' }).click();
    dialog = agent.getByRole('dialog', { name: 'Point at something on the visitor’s page' });
    await shows(dialog);
    const frameElement = agent.locator('iframe[title="Visitor’s page"]');
    await shows(frameElement.contentFrame().getByRole('heading', { name: 'Our plans' }));
    expect(await frameElement.getAttribute('sandbox')).toBe('allow-same-origin');
    const copy = await agent.evaluate(() => {
      const doc = document.querySelector<HTMLIFrameElement>('iframe[sandbox]')?.contentDocument;
      const pro = doc?.querySelectorAll('li')[1];
      return {
        scripts: doc?.querySelectorAll('script, iframe, [onclick]').length,
        hiddenValue: doc?.querySelector('input')?.getAttribute('value') ?? null,
        formAction: doc?.querySelector('form')?.getAttribute('action') ?? null,
        linkHref: doc?.querySelector('a')?.getAttribute('href') ?? null,
        // Made absolute: the copy is shown on the console's origin.
        logo: doc?.querySelector('img')?.getAttribute('src'),
        // A copy cannot make the agent's browser request Parley (with the agent's cookie).
        beacon: doc?.querySelector('img[alt="Beacon"]')?.getAttribute('src') ?? null,
        ran: (doc?.defaultView as (Window & { shopRan?: number }) | null)?.shopRan ?? null,
        // The shop's CSS applies in the copy (through the CSSOM, under the console's CSP), and
        // `:nth-child` counts as on the shop's page (the script left a placeholder).
        proBackground: pro ? getComputedStyle(pro).backgroundColor : null,
        headingColor: doc?.querySelector('h1') ? getComputedStyle(doc.querySelector('h1')!).color : null,
        proText: pro?.textContent,
      };
    });
    expect(copy).toEqual({
      scripts: 0,
      hiddenValue: null,
      formAction: null,
      linkHref: null,
      logo: `${new URL(shopUrl).origin}/logo.png`,
      beacon: null,
      ran: null,
      proBackground: 'rgb(255, 200, 0)',
      headingColor: 'rgb(0, 0, 255)',
      proText: 'Pro',
    });
  });

  it('the agent clicks “Pro” in the copy; the visitor’s page frames it, with who points', async () => {
    // Hover and click "Pro" in the copy.
    const spot = await agent.evaluate(() => {
      const frame = document.querySelector<HTMLIFrameElement>('iframe[sandbox]');
      const target = frame?.contentDocument?.querySelectorAll('li')[1];
      if (!frame || !target) throw new Error('no copy');
      const outer = frame.getBoundingClientRect();
      const inner = target.getBoundingClientRect();
      return { x: outer.left + inner.left + inner.width / 2, y: outer.top + inner.top + inner.height / 2 };
    });
    await agent.mouse.move(spot.x, spot.y);
    await agent.mouse.click(spot.x, spot.y);
    const selector = await dialog.getByRole('textbox', { name: 'CSS selector' }).inputValue();
    expect(selector).not.toBe('');
    await dialog.getByRole('button', { name: 'Show to visitor' }).click();
    await shows(agent.getByRole('status').filter({ hasText: 'Shown on the visitor’s page.' }));

    // --- The visitor's page frames "Pro", with who points.
    await shows(visitor.getByRole('status').filter({ hasText: 'Olivia Owner is pointing here' }));
    const seen = () =>
      visitor.evaluate((css) => {
        const target = document.querySelector(css);
        const box = document.querySelector('parley-widget')?.shadowRoot?.querySelector('.h');
        if (!target || !box) return null;
        const t = target.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        return {
          text: target.textContent,
          framed: b.left <= t.left && b.top <= t.top && b.right >= t.right && b.bottom >= t.bottom,
        };
      }, selector);
    await expect.poll(seen, { timeout: 3_000 }).toEqual({ text: 'Pro', framed: true });
    // The shop's own script ran once, on its page only; nothing was clicked on it.
    expect(await visitor.evaluate(() => (window as { shopRan?: number }).shopRan)).toBe(1);
    expect(violations).toEqual([]);
  });
});
