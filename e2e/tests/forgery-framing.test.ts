import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { addWebsiteChannel, heading, setUpWorkspace, shows, widget } from '../support/console';
import { startServer, type TRunningServer } from '../support/server';

// Request forgery and framing, in a real browser. The API runs on 127.0.0.1; a page on
// another port of 127.0.0.1 is same-site (the SameSite=Lax cookie rides along, like a sibling
// subdomain's marketing site), a page on `localhost` is cross-site. Both try a form post to tRPC,
// a no-cors text/plain post and a no-cors avatar upload with the agent's cookie, and frame the
// console. The console and the widget must still work under their Content Security Policy.

const { available } = chromiumAvailability();
const owner = {
  accountName: 'Acme',
  name: 'Olivia Owner',
  email: 'olivia@acme.test',
  password: 'correct horse 1',
};

/** The attacker's page: fires the forged writes, frames the console, then titles itself "done". */
function attackPage(api: string) {
  return `<!doctype html><title>attack</title>
<iframe name="sink" title="sink"></iframe>
<iframe id="framed" title="framed console" src="${api}/"></iframe>
<form id="f" method="POST" enctype="multipart/form-data" action="${api}/trpc/auth.logout" target="sink">
  <input name="x" value="1"></form>
<script>
(async () => {
  document.getElementById('f').submit();
  const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
  const quiet = (p) => p.catch(() => {});
  await quiet(fetch('${api}/trpc/sessions.revokeOthers', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' }));
  await quiet(fetch('${api}/uploads/avatar', { method: 'POST', mode: 'no-cors', credentials: 'include', body: new Blob([png], { type: 'image/png' }) }));
  await new Promise((r) => setTimeout(r, 1500));
  document.title = 'done';
})();
</script>`;
}

describe.skipIf(!available)('request forgery and framing', () => {
  let server: TRunningServer;
  let attacker: Server;
  let attackerPort = 0;
  let browser: TBrowser | undefined;

  beforeAll(async () => {
    server = await startServer();
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attackPage(server.url));
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerPort = (attacker.address() as { port: number }).port;
  });

  afterAll(async () => {
    await browser?.close();
    attacker?.close();
    await server?.stop();
  });

  /** Content Security Policy violations Chromium reports on a page (its frames included). */
  function watchPolicy(page: Page, into: string[]) {
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) into.push(msg.text());
    });
    page.on('pageerror', (err) => into.push(err.message));
  }

  async function me(page: Page) {
    return page.evaluate(async () => {
      const res = await fetch('/trpc/auth.me');
      return ((await res.json()) as { result: { data: { avatarUrl: string | null } | null } }).result.data;
    });
  }

  it('runs the console and the widget under their policies, and refuses forged writes and framing', async () => {
    browser = await launchBrowser();
    const violations: string[] = [];
    const page = await browser.context.newPage();
    watchPolicy(page, violations);
    await setUpWorkspace(page, server.url, owner);
    await addWebsiteChannel(page, 'Shop');

    const headers = (await page.request.get(`${server.url}/`)).headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');

    // The widget works on the demo page under its own policy: open it and write.
    const visitor = await browser.context.newPage();
    watchPolicy(visitor, violations);
    await visitor.goto(`${server.url}/demo`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const composer = widget(visitor).getByLabel('Your message', { exact: true });
    await shows(composer);
    await composer.fill('Hello under CSP');
    await composer.press('Enter');
    await shows(page.getByRole('article', { name: /^Chat request from / }).getByText('Hello under CSP'));
    await visitor.close();

    for (const site of [
      `http://127.0.0.1:${attackerPort}/same-site`,
      `http://localhost:${attackerPort}/cross-site`,
    ]) {
      const evil = await browser.context.newPage();
      await evil.goto(site);
      await evil.waitForFunction(() => document.title === 'done', undefined, { timeout: 15_000 });
      // The console refused to render inside the attacker's frame.
      const framed = evil.frames().find((f) => f.name() !== 'sink' && f !== evil.mainFrame());
      expect(await framed?.evaluate(() => document.title).catch(() => 'blocked')).not.toBe('Parley');
      await evil.close();

      // Still logged in, avatar unchanged.
      await page.goto(server.url);
      await shows(heading(page, 'Inbox'));
      expect(await me(page)).toMatchObject({ avatarUrl: null });
    }
    expect(violations).toEqual([]);
  });
});
