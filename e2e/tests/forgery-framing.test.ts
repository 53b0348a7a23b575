import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { heading, shows, widget } from '../support/console';
import { useTeam } from '../support/team';

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

/**
 * The attacker's page: fires the forged writes, frames the console, and titles itself "done" once the
 * form's answer and the framed console have loaded (or been refused) and the fetches have settled.
 */
function attackPage(api: string) {
  return `<!doctype html><title>attack</title>
<iframe name="sink" title="sink"></iframe>
<form id="f" method="POST" enctype="multipart/form-data" action="${api}/trpc/auth.logout" target="sink">
  <input name="x" value="1"></form>
<script>
(async () => {
  const loaded = (frame) => new Promise((r) => frame.addEventListener('load', r, { once: true }));
  const posted = loaded(document.querySelector('iframe[name="sink"]'));
  document.getElementById('f').submit();
  const framed = document.createElement('iframe');
  framed.id = 'framed';
  framed.title = 'framed console';
  const framedLoaded = loaded(framed);
  framed.src = '${api}/';
  document.body.append(framed);
  const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
  const quiet = (p) => p.catch(() => {});
  await quiet(fetch('${api}/trpc/sessions.revokeOthers', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' }));
  await quiet(fetch('${api}/uploads/avatar', { method: 'POST', mode: 'no-cors', credentials: 'include', body: new Blob([png], { type: 'image/png' }) }));
  await Promise.all([posted, framedLoaded]);
  document.title = 'done';
})();
</script>`;
}

describe.skipIf(!available)('request forgery and framing', () => {
  const team = useTeam({ owner, websiteChannel: 'Shop' });
  let attacker: Server;
  let attackerPort = 0;
  let page: Page;
  const violations: string[] = [];

  beforeAll(async () => {
    page = team.owner.page;
    watchPolicy(page, violations);
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attackPage(team.server.url));
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerPort = (attacker.address() as { port: number }).port;
  });

  afterAll(() => {
    attacker?.close();
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

  it('the console and the widget run under their Content Security Policy, with no violation', async () => {
    // The console loads again, now watched from its first byte.
    await page.reload();
    await shows(heading(page, 'Shop'));
    const headers = (await page.request.get(`${team.server.url}/`)).headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');

    // The widget works on the demo page under its own policy: open it and write.
    // In the agent's own browser: the forged requests below carry the agent's cookie.
    const visitor = await team.owner.browser.context.newPage();
    watchPolicy(visitor, violations);
    await visitor.goto(`${team.server.url}/demo`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const composer = widget(visitor).getByLabel('Your message', { exact: true });
    await shows(composer);
    await composer.fill('Hello under CSP');
    await composer.press('Enter');
    await shows(page.getByRole('article', { name: /^Chat request from / }).getByText('Hello under CSP'));
    await visitor.close();
    expect(violations.splice(0)).toEqual([]);
  });

  it('same-site and cross-site pages cannot write with the agent’s cookie nor frame the console', async () => {
    for (const site of [
      `http://127.0.0.1:${attackerPort}/same-site`,
      `http://localhost:${attackerPort}/cross-site`,
    ]) {
      const evil = await team.owner.browser.context.newPage();
      await evil.goto(site);
      await evil.waitForFunction(() => document.title === 'done', undefined, { timeout: 15_000 });
      // The console refused to render inside the attacker's frame.
      const framed = evil.frames().find((f) => f.name() !== 'sink' && f !== evil.mainFrame());
      expect(await framed?.evaluate(() => document.title).catch(() => 'blocked')).not.toBe('Parley');
      await evil.close();

      // Still logged in, avatar unchanged.
      await page.goto(team.server.url);
      await shows(heading(page, 'Inbox'));
      expect(await me(page)).toMatchObject({ avatarUrl: null });
    }
    expect(violations).toEqual([]);
  });
});
