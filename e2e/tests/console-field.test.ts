import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { acceptInvitation, boxOf, expectCount, gone, inviteAgent, shows } from '../support/console';
import type { TRunningServer } from '../support/server';
import { useTeam } from '../support/team';

// The console in the field, at 1280×800 in Chromium: what real pages and visitors send (long
// titles and URLs, right-to-left names, `javascript:` page URLs, phones), the chat view's defects
// (ban state, Leave chat's dialog, ticking times, the visitor panel) and its layout (request cards
// never over the composer, the header on one row), and request cards matching the Inbox in a burst.
// Visitors are driven over the widget's HTTP API with their own addresses (X-Forwarded-For from a
// trusted loopback proxy), so a burst is not throttled as one visitor flood.

const { available } = chromiumAvailability();
const SHOTS = process.env.E2E_SCREENSHOTS;

const ownerName = 'Olivia Owner';
const owner = {
  accountName: 'Field Co',
  name: ownerName,
  email: 'olivia@field.test',
  password: 'correct horse 1',
};
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const RTL_NAME = 'مريم 42';

type TVisitor = { token: string; conversationId?: string };

async function call<T>(
  server: TRunningServer,
  path: string,
  input: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; data: T }> {
  const res = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T } };
  return { status: res.status, data: body.result?.data as T };
}

/** A visitor on a page (widget.start), optionally with a message (widget.send), from address `ip`. */
async function visit(
  server: TRunningServer,
  channelKey: string,
  ip: string,
  page: { url: string; title: string },
  options: { token?: string; userAgent?: string } = {},
): Promise<TVisitor & { status: number }> {
  const headers = {
    'x-forwarded-for': ip,
    ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
  };
  const started = await call<{ visitorToken: string }>(
    server,
    'widget.start',
    { channelKey, visitorToken: options.token ?? null, page: { ...page, referrer: '' } },
    headers,
  );
  return { status: started.status, token: started.data?.visitorToken ?? '' };
}

async function say(server: TRunningServer, visitor: TVisitor, ip: string, body: string) {
  const sent = await call<{ conversationId: string }>(
    server,
    'widget.send',
    { clientId: crypto.randomUUID(), body },
    { 'x-forwarded-for': ip, 'x-parley-visitor': visitor.token },
  );
  expect(sent.status).toBe(200);
  return sent.data.conversationId;
}

async function screenshot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The computed `unicode-bidi` of the element that holds exactly this text. */
const bidiOf = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).unicodeBidi);

describe.skipIf(!available)('the console in the field', () => {
  const team = useTeam({
    owner,
    websiteChannel: 'Field shop',
    serverEnv: () => ({ TRUSTED_PROXIES: 'loopback' }),
  });
  let server: TRunningServer;
  let channelKey = '';
  let agent: Page;
  // The chat with the right-to-left visitor, shared by the chat view's tests.
  let transcript: Locator;
  let panel: Locator;
  const leave = () => agent.getByRole('button', { name: 'Leave chat' });

  beforeAll(async () => {
    server = team.server;
    agent = team.owner.page;
    const snippet = await agent.getByRole('textbox', { name: 'Snippet' }).inputValue();
    channelKey = /data-parley="([^"]+)"/.exec(snippet)?.[1] ?? '';
    await agent.getByRole('link', { name: /^Inbox/ }).click();
  });

  it('a visitor with a 1,200-character title, a 3,000-character URL and a right-to-left name reaches the chat, names isolated', async () => {
    // §4: a 1,200-character title and a 3,000-character URL are recorded, not refused; then an
    // unsafe `javascript:` page and a normal one. The visitor uses a phone and writes in Arabic.
    const ip = '203.0.113.10';
    const longTitle = `Sale ${'very long title '.repeat(75)}`;
    const longUrl = `https://shop.test/sale?utm_source=news&${'x=1&'.repeat(750)}`;
    const first = await visit(
      server,
      channelKey,
      ip,
      { url: longUrl, title: longTitle },
      { userAgent: PHONE },
    );
    expect(first.status).toBe(200);
    for (const page of [
      { url: 'javascript:alert(1)', title: 'Evil page' },
      { url: 'https://shop.test/pricing', title: 'Pricing' },
    ]) {
      await visit(server, channelKey, ip, page, { token: first.token, userAgent: PHONE });
    }
    const contact = await call(
      server,
      'widget.setContact',
      { name: RTL_NAME },
      { 'x-forwarded-for': ip, 'x-parley-visitor': first.token },
    );
    expect(contact.status).toBe(200);
    await say(server, first, ip, 'مرحبا، هل يمكنني تغيير الطلب؟');

    const card = agent.getByRole('article', { name: `Chat request from ${RTL_NAME}` });
    await shows(card);
    expect(await bidiOf(card.getByText(RTL_NAME, { exact: true }))).toBe('isolate');
    await card.getByRole('button', { name: 'Chat', exact: true }).click();
    transcript = agent.getByRole('log', { name: 'Messages' });
    await shows(transcript.getByText('مرحبا، هل يمكنني تغيير الطلب؟'));

    // "X joined the chat · time": the name is isolated from the words around it.
    await shows(transcript.getByText(/Olivia Owner joined the chat|Olivia Owner started the chat/));
  });

  it('the visitor panel: the device type, the name isolated, page links only for http(s), the long title cut', async () => {
    // Visitor panel: the parser's device type, isolated name, page links only for http(s).
    panel = agent.getByRole('complementary', { name: 'Visitor info' });
    await shows(panel.getByText('Phone · Apple iPhone'));
    expect(await bidiOf(panel.getByRole('heading', { name: RTL_NAME }).getByText(RTL_NAME))).toBe('isolate');
    await panel.getByRole('button', { name: /^Pricing/ }).click();
    const history = panel.getByRole('list', { name: 'Pages this visit' });
    await screenshot(agent, 'history');
    await shows(history.getByRole('link', { name: 'Pricing' }));
    await shows(history.getByText('Evil page'));
    await expectCount(history.getByRole('link', { name: 'Evil page' }), 0);
    // The long title is there, cut to 300 characters.
    const cut = (await history.getByText(/^Sale very long title/).textContent()) ?? '';
    expect(cut.length).toBe(300);
  });

  it('layout: the header keeps one row; the visitor panel collapses and comes back', async () => {
    // §3 Layout: the header keeps one row; the panel collapses and comes back.
    const panelToggle = agent.getByRole('button', { name: 'Visitor info', exact: true });
    const title = await boxOf(agent.getByRole('heading', { level: 1, name: RTL_NAME }));
    for (const action of [leave(), panelToggle]) {
      const b = await boxOf(action);
      expect(Math.abs(b.y + b.height / 2 - (title.y + title.height / 2))).toBeLessThan(20);
    }
    await screenshot(agent, 'chat-view');
    expect(await panelToggle.getAttribute('aria-expanded')).toBe('true');
    const messageBox = agent.getByRole('textbox', { name: 'Message' });
    const widthWithPanel = (await boxOf(messageBox)).width;
    await panelToggle.click();
    await gone(panel);
    expect(await panelToggle.getAttribute('aria-expanded')).toBe('false');
    expect((await boxOf(messageBox)).width).toBeGreaterThan(widthWithPanel + 200);
    await screenshot(agent, 'chat-view-panel-hidden');
    await panelToggle.click();
    await shows(panel);
  });

  it('request cards never cover the composer', async () => {
    // Request cards never cover the composer: two more visitors ask while this chat is open.
    for (const n of [11, 12]) {
      const other = await visit(server, channelKey, `203.0.113.${n}`, {
        url: 'https://shop.test/',
        title: 'Home',
      });
      await say(server, other, `203.0.113.${n}`, `Question number ${n}`);
    }
    const cards = agent.getByRole('article', { name: /^Chat request from / });
    await expectCount(cards, 2);
    await screenshot(agent, 'cards-and-composer');
    const composerArea = await boxOf(agent.getByRole('region', { name: 'Reply' }));
    for (const one of await cards.all()) expect(overlaps(await boxOf(one), composerArea)).toBe(false);
  });

  it('private notes look apart from the visitor’s messages', async () => {
    // Private notes look different from the visitor's messages.
    await agent.getByRole('button', { name: 'Note', exact: true }).click();
    const noteDialog = agent.getByRole('dialog');
    await noteDialog
      .getByRole('textbox', { name: 'Note', exact: true })
      .fill('Called her yesterday about the order');
    await noteDialog.getByRole('button', { name: 'Add note' }).click();
    const note = transcript.getByRole('listitem').filter({ hasText: 'Called her yesterday about the order' });
    await shows(note);
    const visitorMessage = transcript.getByRole('listitem').filter({ hasText: 'مرحبا' });
    const look = (l: Locator) =>
      l.evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.backgroundColor}|${s.borderLeftWidth}|${s.borderLeftStyle}|${s.borderLeftColor}`;
      });
    await screenshot(agent, 'note');
    expect(await look(note)).not.toBe(await look(visitorMessage));
  });

  it('Escape closes the GIF panel', async () => {
    // Escape closes the GIF panel.
    await agent.getByRole('button', { name: 'Send a GIF' }).click();
    const gifs = agent.getByRole('region', { name: 'Send a GIF' });
    await shows(gifs);
    await agent.keyboard.press('Escape');
    await gone(gifs);
  });

  it('the pointer dialog’s button stays inside it at 1280×800', async () => {
    // The pointer dialog's "Show to visitor" stays inside the dialog at 1280×800.
    await agent.getByRole('button', { name: 'Point on page' }).click();
    const pointer = agent.getByRole('dialog', { name: 'Point at something on the visitor’s page' });
    await shows(pointer);
    const dialogBox = await boxOf(pointer);
    const send = await boxOf(pointer.getByRole('button', { name: 'Show to visitor' }));
    await screenshot(agent, 'pointer');
    expect(send.y + send.height).toBeLessThanOrEqual(dialogBox.y + dialogBox.height);
    expect(send.y + send.height).toBeLessThanOrEqual(800);
    await pointer.getByRole('button', { name: 'Cancel' }).click();
    await gone(pointer);
  });

  it('Leave chat asks in the console’s own dialog; Cancel keeps the chat', async () => {
    // Leave chat asks in the console's own dialog (no window.confirm); Cancel keeps the chat.
    let nativeDialogs = 0;
    agent.on('dialog', (dialog) => {
      nativeDialogs += 1;
      void dialog.dismiss();
    });
    await leave().click();
    const leaveDialog = agent.getByRole('dialog', { name: `Leave the chat with ${RTL_NAME}?` });
    await shows(leaveDialog);
    await leaveDialog.getByRole('button', { name: 'Cancel' }).click();
    await gone(leaveDialog);
    expect(nativeDialogs).toBe(0);
  });

  it('Ban shows the banned state and turns into Unban, and back', async () => {
    // Ban: the chat shows the banned state and a system line; the button becomes Unban, and back.
    await agent.getByRole('button', { name: 'Ban', exact: true }).click();
    const banDialog = agent.getByRole('dialog', { name: 'Ban this visitor' });
    await banDialog.getByLabel('Reason', { exact: true }).fill('Abusive messages');
    await banDialog.getByRole('button', { name: 'Ban', exact: true }).click();
    const banned = agent.getByRole('status').filter({ hasText: 'Banned by Olivia Owner' });
    await shows(banned);
    await shows(banned.getByText('Abusive messages'));
    await screenshot(agent, 'banned');
    await agent.getByRole('button', { name: 'Unban', exact: true }).click();
    await gone(banned);
    await shows(agent.getByRole('button', { name: 'Ban', exact: true }));
  });

  it('relative times tick', async () => {
    // Relative times tick without anything else re-rendering.
    await agent.getByRole('link', { name: /^My chats/ }).click();
    const time = agent.getByRole('list', { name: 'My chats' }).getByRole('time').first();
    await shows(time);
    const before = await time.textContent();
    await expect.poll(async () => time.textContent(), { timeout: 15_000, interval: 500 }).not.toBe(before);
  });

  it('"You:" follows the author: transferred to a teammate who replies and invites me back', {
    timeout: 180_000,
  }, async () => {
    const olivia = agent;
    const link = await inviteAgent(olivia, 'bora@field.test');
    const bora = (await team.launch('bora')).page;
    await acceptInvitation(bora, link, { name: 'Bora Agent', password: 'correct horse 2' });

    const ip = '203.0.113.30';
    const deniz = await visit(server, channelKey, ip, { url: 'https://shop.test/', title: 'Home' });
    await call(
      server,
      'widget.setContact',
      { name: 'Deniz' },
      { 'x-forwarded-for': ip, 'x-parley-visitor': deniz.token },
    );
    await say(server, deniz, ip, 'Can I change my order?');
    await olivia
      .getByRole('article', { name: 'Chat request from Deniz' })
      .getByRole('button', { name: 'Chat', exact: true })
      .click();
    await shows(olivia.getByRole('log', { name: 'Messages' }).getByText('Can I change my order?'));
    const myMessage = olivia.getByRole('textbox', { name: 'Message' });
    await myMessage.fill('Let me ask my colleague.');
    await myMessage.press('Enter');

    // A → B.
    await olivia.getByRole('button', { name: 'Transfer', exact: true }).click();
    const transfer = olivia.getByRole('dialog', { name: 'Transfer the chat' });
    await transfer.getByLabel('Agent', { exact: true }).selectOption({ label: 'Bora Agent (online)' });
    await transfer.getByRole('button', { name: 'Transfer', exact: true }).click();

    // B replies, then invites A back.
    await bora.getByRole('link', { name: /^My chats/ }).click();
    await bora.getByRole('list', { name: 'My chats' }).getByRole('link', { name: /Deniz/ }).click();
    const boraMessage = bora.getByRole('textbox', { name: 'Message' });
    await boraMessage.fill('Yes, I changed it for you.');
    await boraMessage.press('Enter');
    await shows(bora.getByRole('log', { name: 'Messages' }).getByText('Yes, I changed it for you.'));
    await bora.getByRole('button', { name: 'Invite', exact: true }).click();
    const invite = bora.getByRole('dialog', { name: 'Invite an agent' });
    await invite.getByLabel('Agent', { exact: true }).selectOption({ label: `${ownerName} (online)` });
    await invite.getByRole('button', { name: 'Invite', exact: true }).click();

    // A's My chats: B's words under B's name, never "You:"; B's list says "You:".
    await olivia.getByRole('link', { name: /^My chats/ }).click();
    const mine = olivia.getByRole('list', { name: 'My chats' }).getByRole('link', { name: /Deniz/ });
    await shows(mine.getByText('Bora Agent:'));
    await shows(mine.getByText('Yes, I changed it for you.'));
    await expectCount(mine.getByText('You:'), 0);
    await bora.getByRole('link', { name: /^My chats/ }).click();
    await shows(
      bora.getByRole('list', { name: 'My chats' }).getByRole('link', { name: /Deniz/ }).getByText('You:'),
    );
  });

  it('back from away: cards for the waiting chats; a burst of 150 chats: every chat in the Inbox has its card', {
    timeout: 240_000,
  }, async () => {
    await agent.getByRole('link', { name: /^Inbox/ }).click();
    const inbox = agent.getByRole('list', { name: 'Inbox' });
    const cards = agent.getByRole('article', { name: /^Chat request from / });

    // B4/B8: a chat that arrives while I am away waits in the Inbox without a card; coming back
    // online brings its card, like for an agent who was online when it arrived.
    const away = agent.getByRole('switch', { name: 'Away mode' });
    await away.click();
    await expect.poll(() => away.getAttribute('aria-checked')).toBe('true');
    const cardsWhileAway = await cards.count();
    const late = await visit(server, channelKey, '203.0.113.40', {
      url: 'https://shop.test/',
      title: 'Home',
    });
    await say(server, late, '203.0.113.40', 'Anyone there while you were away?');
    // (Requests go to agents who can answer; an away console hears nothing of it.)
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await cards.count()).toBe(cardsWhileAway);
    await away.click();
    await shows(cards.filter({ hasText: 'Anyone there while you were away?' }));
    await shows(inbox.getByText('Anyone there while you were away?'));

    const waitingBefore = await inbox.getByRole('link').count();

    const BURST = 150;
    const ips = Array.from(
      { length: BURST },
      (_, i) => `198.51.${100 + Math.floor(i / 200)}.${(i % 200) + 1}`,
    );
    // Ten at a time, as fast as the server answers, while the console keeps refetching its Inbox.
    for (let i = 0; i < ips.length; i += 10) {
      await Promise.all(
        ips.slice(i, i + 10).map(async (ip, j) => {
          const v = await visit(server, channelKey, ip, { url: 'https://shop.test/', title: 'Home' });
          await say(server, v, ip, `Burst question ${i + j}`);
        }),
      );
      if (i % 50 === 0) await agent.getByRole('link', { name: /^My chats/ }).click();
      if (i % 50 === 0) await agent.getByRole('link', { name: /^Inbox/ }).click();
    }
    const total = waitingBefore + BURST;
    await expectCount(inbox.getByRole('link'), total, 60_000);
    await expectCount(cards, total, 60_000);
  });

  it('Turkish: one word for away, Engellenenler, key names in Turkish', { timeout: 120_000 }, async () => {
    await agent.getByRole('link', { name: 'General', exact: true }).click();
    await agent.getByLabel('Language', { exact: true }).selectOption({ label: 'Türkçe' });
    await shows(agent.getByRole('link', { name: 'Engellenenler', exact: true }));
    const away = agent.getByRole('switch', { name: 'Uzakta modu' });
    await shows(away);
    await agent.getByRole('link', { name: 'Kısayollar', exact: true }).click();
    expect(await agent.getByLabel('Sonraki sohbet', { exact: true }).inputValue()).toBe('Alt+Aşağı ok');
    expect(await agent.getByLabel('Önceki sohbet', { exact: true }).inputValue()).toBe('Alt+Yukarı ok');
    await shows(agent.getByText('Uzakta modunu aç/kapat'));
    await screenshot(agent, 'shortcuts-tr');
    expect(await agent.getByText(/Dışarda/).count()).toBe(0);
  });
});
