import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { startFakeSmtp } from '@parley/integrations/testing/providers';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { shows } from '../support/console';
import { useTeam } from '../support/team';

// G7 on a customer's site (the shop is `localhost:<port>`, Parley `127.0.0.1:<port>`): the agent
// closes the chat, the widget asks for a rating (its lazily loaded panel), the visitor rates by
// keyboard with a comment, and the agent sees the rating live in the chat and the visitor panel; the
// visitor asks for the transcript, which a local SMTP server receives. axe-core finds nothing in the
// panel or the console's rating. (Without SMTP the button hides: ratings.integration.test.ts.)

const { available } = chromiumAvailability();
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type AxeResult = { violations: { id: string; nodes: { target: string[] }[] }[] };

/** Runs axe-core (WCAG 2.0–2.2 A/AA) in a page or frame and lists what it found. */
async function axe(target: Page | ReturnType<Page['frames']>[number], include?: string): Promise<string[]> {
  await target.evaluate(axeSource);
  const result = (await target.evaluate(async (selector) => {
    const w = window as unknown as {
      axe: { run(ctx: unknown, opts: unknown): Promise<AxeResult> };
    };
    return w.axe.run(selector ? { include: [selector] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
  }, include ?? null)) as AxeResult;
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const owner = {
  accountName: 'Northwind',
  name: 'Olivia Owner',
  email: 'olivia@northwind.test',
  password: 'correct horse 1',
};

function startShop(snippet: string): Promise<http.Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Shop</title><main><h1>Shop</h1></main>${snippet}</html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!available)('rating a chat (G7)', () => {
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>> | undefined;
  const team = useTeam({
    owner,
    visitor: {},
    serverEnv: async () => {
      smtp = await startFakeSmtp();
      return { SMTP_URL: `smtp://${smtp.host}:${smtp.port}`, MAIL_FROM: 'Shop <chat@shop.test>' };
    },
  });
  let shop: http.Server | undefined;
  let agent: Page;
  let visitor: Page;
  let chat: FrameLocator;
  let conversationUrl = '';

  beforeAll(() => {
    agent = team.owner.page;
    visitor = team.visitor.page;
  });
  afterAll(async () => {
    shop?.close();
    await smtp?.close();
  });

  it('the agent takes a chat from a visitor on another site, then closes it', async () => {
    const snippet = await agent.evaluate(async () => {
      const response = await fetch('/trpc/channels.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'website', name: 'Shop' }),
      });
      return ((await response.json()) as { result: { data: { snippet: string } } }).result.data.snippet;
    });
    shop = await startShop(snippet);
    const shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}/`;
    expect(new URL(shopUrl).hostname).not.toBe(new URL(team.server.url).hostname);

    await visitor.goto(shopUrl);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    chat = visitor.getByTitle('Chat', { exact: true }).contentFrame();
    const composer = chat.getByLabel('Your message', { exact: true });
    await composer.fill('Is my parcel on its way?');
    await composer.press('Enter');

    const card = agent.getByRole('article', { name: /^Chat request from / });
    await card.getByRole('button', { name: 'Chat', exact: true }).click();
    await shows(agent.getByRole('log', { name: 'Messages' }).getByText('Is my parcel on its way?'));
    conversationUrl = agent.url();
    const reply = agent.getByLabel('Message', { exact: true });
    await reply.fill('Yes, it arrives tomorrow.');
    await reply.press('Enter');
    await shows(chat.getByRole('log').getByText('Yes, it arrives tomorrow.'));

    await agent.getByRole('button', { name: 'Leave chat' }).first().click();
    await agent.getByRole('dialog').getByRole('button', { name: 'Leave chat' }).click();
    await agent.waitForURL(/\/chats$/);
  });

  it('the visitor rates by keyboard with a comment; the agent sees it live', async () => {
    // The agent looks at the closed chat (and its visitor panel) while the visitor rates.
    await agent.goto(conversationUrl);
    await shows(agent.getByText('This chat is closed.'));

    // The rating panel (its own chunk) appears.
    const good = chat.getByRole('button', { name: 'Good' });
    await shows(good);
    expect(
      await axe(visitor.frames().find((f) => f.url().includes('/widget/frame.html'))!, '.after-chat'),
    ).toEqual([]);

    // Keyboard only: focus Good, press it, Tab to Bad and on to the comment, type, submit with Enter.
    await good.focus();
    await visitor.keyboard.press('Space');
    expect(await good.getAttribute('aria-pressed')).toBe('true');
    await visitor.keyboard.press('Tab'); // Bad
    await visitor.keyboard.press('Tab'); // the comment
    await visitor.keyboard.type('Friendly and fast');
    await visitor.keyboard.press('Tab'); // Send rating
    await visitor.keyboard.press('Enter');
    await shows(chat.getByText('Thank you for your feedback!'));

    const rating = agent.getByRole('region', { name: 'Visitor rating' });
    await shows(rating.first());
    await shows(rating.first().getByText('Good'));
    await shows(rating.first().getByText('Friendly and fast'));
    // In the chat column and in the visitor panel.
    expect(await rating.count()).toBe(2);
    expect(await axe(agent, '.chat-rating')).toEqual([]);

    // The visitor changes their mind; the agent's view follows.
    await chat.getByRole('button', { name: 'Change rating' }).click();
    await chat.getByRole('button', { name: 'Bad' }).click();
    await chat.getByRole('button', { name: 'Send rating' }).click();
    await shows(rating.first().getByText('Bad'));
  });

  it('the visitor asks for the transcript by email; the mail server receives it', async () => {
    await chat.getByLabel('Email', { exact: true }).fill('deniz@example.test');
    await chat.getByRole('button', { name: 'Send transcript' }).click();
    await shows(chat.getByText('We sent the transcript to deniz@example.test.'));
    const [mail] = await smtp!.waitForMail(1);
    expect(mail?.to).toEqual(['deniz@example.test']);
    expect(mail?.parsed.subject).toBe('Your chat with Shop');
    expect(mail?.parsed.text).toContain('You: Is my parcel on its way?');
    expect(mail?.parsed.text).toContain('Yes, it arrives tomorrow.');
    expect(mail?.parsed.html).toContain('<html lang="en">');
  });

  it('after a reload the widget still knows the rating and lets the visitor change it', async () => {
    await visitor.reload();
    // The widget reopens by itself after a reload when it was open (the loader on the frame's 'ready'),
    // which comes before the rating is fetched: open it only if it did not, or the click closes it.
    chat = visitor.getByTitle('Chat', { exact: true }).contentFrame();
    await chat.getByText('Thank you for your feedback!').waitFor({ state: 'attached', timeout: 20_000 });
    const launcher = visitor.getByRole('button', { name: /^(Open|Close) chat$/ });
    if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
    await shows(chat.getByText('Thank you for your feedback!'));
    await chat.getByRole('button', { name: 'Change rating' }).click();
    expect(await chat.getByRole('button', { name: 'Bad' }).getAttribute('aria-pressed')).toBe('true');
  });
});
