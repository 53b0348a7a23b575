import { type FakeServer, startFakeLibreTranslate } from '@parley/integrations/testing/providers';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { boxOf, heading, shows } from '../support/console';
import { useTeam } from '../support/team';

// C7 Translator and C6 Pointer end to end: a Turkish visitor on /demo and an English agent. The agent
// turns the translator on (LibreTranslate: the local fake that speaks its real HTTP API), reads the
// visitor in English with the original on demand, and answers in English; the widget shows Turkish.
// Then the agent points at a product on the visitor's page and the visitor's page highlights it.

const { available } = chromiumAvailability();

describe.skipIf(!available)('translator and pointer', () => {
  let libre: FakeServer;
  const team = useTeam({ websiteChannel: 'Northwind shop', visitor: { locale: 'tr-TR' } });
  let agent: Page;
  let visitor: Page;
  let chat: FrameLocator;
  let composer: Locator;
  let transcript: Locator;

  beforeAll(async () => {
    libre = await startFakeLibreTranslate();
    agent = team.owner.page;
    visitor = team.visitor.page;
  });
  afterAll(async () => {
    await libre?.close();
  });

  it('a Turkish visitor’s chat reaches the agent, the translator installed', async () => {
    // The translator plugin, installed by the owner through the API (the form lives in Manage).
    const installed = await agent.evaluate(async (baseUrl) => {
      const response = await fetch('/trpc/integrations.install', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'translator-libretranslate', config: { baseUrl } }),
      });
      return response.status;
    }, libre.url);
    expect(installed).toBe(200);
    await agent.getByRole('link', { name: /^Inbox/ }).click();
    await shows(heading(agent, 'Inbox'));

    // --- A Turkish visitor writes in Turkish.
    await visitor.goto(`${team.server.url}/demo`);
    await visitor.getByRole('button', { name: 'Sohbeti aç' }).click();
    // The loader titles its frame in the visitor's language.
    chat = visitor.getByTitle('Sohbet', { exact: true }).contentFrame();
    composer = chat.getByLabel('Mesajınız', { exact: true });
    await composer.fill('Merhaba');
    await composer.press('Enter');

    const card = agent.getByRole('article', { name: /^Chat request from / });
    await card.getByRole('button', { name: 'Chat', exact: true }).click();
    transcript = agent.getByRole('log', { name: 'Messages' });
    await shows(transcript.getByText('Merhaba'));
  });

  it('the translator on: the visitor’s message reads in English, the original on demand', async () => {
    // --- C7: on; the visitor's message reads in English, the original on demand.
    const toggle = agent.getByRole('button', { name: 'Translate', exact: true });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await shows(agent.getByText('Visitor messages are translated to English'));
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await shows(transcript.getByText('Hello', { exact: true }));
    await shows(transcript.getByText('Translated from Turkish'));
    expect(await transcript.getByText('Merhaba').count()).toBe(0);
    await transcript.getByRole('button', { name: 'Show original' }).click();
    await shows(transcript.getByText('Merhaba'));
    await transcript.getByRole('button', { name: 'Hide original' }).click();
  });

  it('new messages translate as they arrive: the visitor reads the agent in Turkish', async () => {
    // A new message is translated as it arrives.
    await composer.fill('Teşekkür ederim');
    await composer.press('Enter');
    await shows(transcript.getByText('[en] Teşekkür ederim'));

    // The agent answers in English; the visitor receives Turkish, the agent sees both.
    const agentComposer = agent.getByRole('textbox', { name: 'Message' });
    await agentComposer.fill('Thank you');
    await agentComposer.press('Enter');
    await shows(chat.getByText('Teşekkürler', { exact: true }));
    expect(await chat.getByText('Thank you').count()).toBe(0);
    await shows(transcript.getByText('Thank you', { exact: true }));
    await shows(transcript.getByText('Sent in Turkish:'));
    await shows(transcript.getByText('Teşekkürler', { exact: true }));
  });

  it('the pointer: the agent picks a card on the visitor’s page, which scrolls to it and frames it', async () => {
    // A short window, so the card is below the fold on the visitor's side.
    await visitor.setViewportSize({ width: 1280, height: 480 });
    expect(await visitor.evaluate(() => scrollY)).toBe(0);

    // --- C6: the agent picks the subscription card in a rendering of the visitor's page.
    await agent.getByRole('button', { name: 'Point on page' }).click();
    const dialog = agent.getByRole('dialog', { name: 'Point at something on the visitor’s page' });
    await shows(dialog);
    const page = agent.frameLocator('iframe[title="Visitor’s page"]');
    await shows(page.getByRole('heading', { name: 'Monthly subscription' }));
    // Scroll the rendering with the wheel until the card is in view, then hover and click it.
    const where = () =>
      agent.evaluate(() => {
        const frame = document.querySelector<HTMLIFrameElement>('iframe[sandbox]');
        const doc = frame?.contentDocument;
        const target = Array.from(doc?.querySelectorAll('h2') ?? []).find(
          (h) => h.textContent === 'Monthly subscription',
        );
        if (!frame || !target) throw new Error('no rendering');
        const outer = frame.getBoundingClientRect();
        const inner = target.getBoundingClientRect();
        return {
          x: outer.left + inner.left + inner.width / 2,
          y: outer.top + inner.top + inner.height / 2,
          bottom: outer.bottom,
        };
      });
    let spot = await where();
    const frameBox = await boxOf(agent.locator('iframe[title="Visitor’s page"]'));
    await agent.mouse.move(frameBox.x + 100, frameBox.y + 100);
    for (let i = 0; i < 20 && spot.y > spot.bottom - 40; i++) {
      await agent.mouse.wheel(0, 200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      spot = await where();
    }
    await agent.mouse.move(spot.x, spot.y);
    await agent.mouse.click(spot.x, spot.y);
    const selectorField = dialog.getByRole('textbox', { name: 'CSS selector' });
    const selector = await selectorField.inputValue();
    expect(selector).not.toBe('');
    await dialog.getByRole('button', { name: 'Show to visitor' }).click();
    await shows(agent.getByRole('status').filter({ hasText: 'Shown on the visitor’s page.' }));

    // --- The visitor's page scrolls to the card and frames it, with a label (in Turkish).
    const label = visitor.getByRole('status').filter({ hasText: 'Olivia Owner burayı gösteriyor' });
    await shows(label);
    // Polled: the scroll is smooth, so the card may still be on its way into view.
    const seen = () =>
      visitor.evaluate((css) => {
        const target = document.querySelector(css);
        const box = document.querySelector('parley-widget')?.shadowRoot?.querySelector('.h');
        if (!target || !box) return null;
        const t = target.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        return {
          text: target.textContent,
          inView: t.top >= 0 && t.bottom <= innerHeight,
          framed: b.left <= t.left && b.top <= t.top && b.right >= t.right && b.bottom >= t.bottom,
          scrolled: scrollY > 0,
        };
      }, selector);
    await expect
      .poll(seen, { timeout: 3_000 })
      .toEqual({ text: 'Monthly subscription', inView: true, framed: true, scrolled: true });
    // It goes away after a few seconds.
    await expect.poll(() => label.count(), { timeout: 10_000 }).toBe(0);
  });
});
