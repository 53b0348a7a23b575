import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { chromiumAvailability } from '../support/browser';
import { gone, heading, shows, widget } from '../support/console';
import { AGENT, useTeam } from '../support/team';

// Accessibility, WCAG 2.2 AA (issue 20, docs/accessibility.md). axe-core's WCAG 2.0–2.2 A/AA rules find
// no violation on any screen of the widget (on /demo: closed, open, a chat in progress, the offline form)
// or of the console (sign-in and every page, with a chat in progress, in the dark and the light sidebar
// theme). Beyond what a rule engine sees: a visitor chats by keyboard alone and an agent accepts and
// answers by keyboard alone; new messages and requests are announced by polite live regions without
// moving focus; dialogs trap focus and give it back; reduced motion stops the motion; at 200 % zoom
// (a 640 px wide viewport) every control stays whole and clickable.

const { available } = chromiumAvailability();

/** Presses Tab until `isTarget` says the focused element is the one (at most `max` times). */
async function tabTo(page: Page, isTarget: () => Promise<boolean>, max = 80, key = 'Tab') {
  for (let i = 0; i < max; i++) {
    if (await isTarget()) return;
    await page.keyboard.press(key);
  }
  if (!(await isTarget())) throw new Error(`${key} never reached the element`);
}

/** Whether `locator` (in the page or a frame) has the keyboard focus. */
const focused = (locator: Locator) => () =>
  locator.evaluate((el) => {
    const root = el.getRootNode() as Document | ShadowRoot;
    return root.activeElement === el && document.hasFocus();
  });

/** The launcher in the loader's shadow root has focus (the page's activeElement is the host element). */
const launcherFocused = (page: Page) => () =>
  page.evaluate(() => {
    const host = document.activeElement;
    return (
      host?.tagName === 'PARLEY-WIDGET' && host.shadowRoot?.activeElement?.classList.contains('l') === true
    );
  });

/**
 * Controls that are not whole and clickable: each visible button, link, field and tab stop is scrolled
 * into view, must fit inside the viewport and be what the browser hits at several points inside it
 * (another control or a panel on top of it, or a clipping ancestor, fails that). Also horizontal scroll.
 */
async function unusableControls(frame: Frame, within = 'body'): Promise<string[]> {
  return frame.evaluate((within) => {
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth + 1)
      problems.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${innerWidth})`);
    const selector =
      'button, a[href], input:not([type=hidden]), textarea, select, [tabindex]:not([tabindex="-1"]), [role=switch]';
    for (const el of document.querySelector(within)?.querySelectorAll<HTMLElement>(selector) ?? []) {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
      // Visually hidden inputs (the attach button's file field) are used through their visible label.
      if (box.width <= 2 && box.height <= 2) continue;
      if (el.closest('[inert], [aria-hidden="true"]')) continue;
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      let r = el.getBoundingClientRect();
      // A skip link shows only while it has focus.
      if (r.bottom <= 0 && el.matches('a[href^="#"]')) {
        el.focus();
        r = el.getBoundingClientRect();
      }
      const name = `${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}"`;
      if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) {
        problems.push(
          `${name} is outside the viewport (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)})`,
        );
        continue;
      }
      const label = el.closest('label');
      for (const [fx, fy] of [
        [0.5, 0.5],
        [0.3, 0.3],
        [0.7, 0.7],
      ] as const) {
        const hit = document.elementFromPoint(r.left + r.width * fx, r.top + r.height * fy);
        if (!hit || !(el.contains(hit) || hit.contains(el) || label?.contains(hit))) {
          problems.push(
            `${name} is covered by ${hit ? hit.outerHTML.slice(0, 120) : 'nothing'} in ${hit?.parentElement?.className}`,
          );
          break;
        }
      }
      if (document.activeElement === el) el.blur();
    }
    return problems;
  }, within);
}

describe.skipIf(!available)('accessibility (WCAG 2.2 AA)', () => {
  const team = useTeam({ agent: AGENT, websiteChannel: 'Northwind shop', visitor: {} });
  let owner: Page;
  let agent: Page;
  let visitor: Page;
  let chat: FrameLocator;
  let chatFrame: () => Frame;
  let chatUrl = '';
  beforeAll(() => {
    owner = team.owner.page;
    agent = team.agent.page;
    visitor = team.visitor.page;
    chat = widget(visitor);
    chatFrame = () => {
      const frame = visitor.frames().find((f) => f.url().includes('/widget/frame.html'));
      if (!frame) throw new Error('no widget frame');
      return frame;
    };
  });

  /** Tab to the launcher and, unless the chat is open already, press Enter. */
  async function openByKeyboard() {
    const launcher = visitor.getByRole('button', { name: /^(Open|Close) chat/ });
    await tabTo(visitor, launcherFocused(visitor));
    if ((await launcher.getAttribute('aria-expanded')) !== 'true') await visitor.keyboard.press('Enter');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('true');
  }

  const awaySwitch = (page: Page) => page.getByRole('switch', { name: 'Away mode' });
  async function setAway(page: Page, away: boolean) {
    const toggle = awaySwitch(page);
    if ((await toggle.getAttribute('aria-checked')) !== String(away)) await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe(String(away));
  }

  it('sign-in page', async () => {
    const guest = await team.launch('guest');
    await guest.page.goto(`${team.server.url}/login`);
    await shows(heading(guest.page, 'Log in to Parley'));
    await expectNoAxeViolations(guest.page, 'sign-in');
    await guest.page.goto(`${team.server.url}/forgot-password`);
    await shows(guest.page.getByRole('heading', { level: 1 }));
    await expectNoAxeViolations(guest.page, 'forgot password');
  });

  it('widget with nobody online: closed on the demo page, then the offline form', async () => {
    await setAway(owner, true);
    await setAway(agent, true);
    try {
      await checkOfflineWidget();
    } finally {
      await setAway(owner, false);
      await setAway(agent, false);
    }
  });

  async function checkOfflineWidget() {
    const offline = await team.launch('offline visitor');
    await offline.page.goto(`${team.server.url}/demo`);
    const launcher = offline.page.getByRole('button', { name: 'Open chat' });
    await shows(launcher);
    await expectNoAxeViolations(offline.page, 'widget closed on /demo');
    await launcher.click();
    const form = widget(offline.page);
    await shows(form.getByRole('button', { name: 'Send message' }));
    await expectNoAxeViolations(offline.page, 'widget offline form');
    // The errors of an empty form, announced and tied to their fields.
    await form.getByRole('button', { name: 'Send message' }).click();
    await shows(form.getByText('This field is required'));
    await expectNoAxeViolations(offline.page, 'widget offline form with errors');
  }

  it('a visitor chats by keyboard alone: open, type, send, attach, emoji, Escape back to the launcher', async () => {
    // Where the agent's focus is before the chat request arrives (it must stay there).
    await awaySwitch(agent).focus();
    await visitor.goto(`${team.server.url}/demo`);
    const launcher = visitor.getByRole('button', { name: 'Open chat' });
    await shows(launcher);
    // Tab from the top of the page to the launcher, then Enter opens the chat with the cursor in the box.
    await tabTo(visitor, launcherFocused(visitor));
    await visitor.keyboard.press('Enter');
    const composer = chat.getByLabel('Your message', { exact: true });
    await shows(composer);
    await expect.poll(focused(composer)).toBe(true);
    await expectNoAxeViolations(visitor, 'widget open');

    await visitor.keyboard.type('Hello, is the Guji in stock?');
    await visitor.keyboard.press('Enter');
    const log = chat.getByRole('log');
    await shows(log.getByText('Hello, is the Guji in stock?'));
    await expect.poll(focused(composer)).toBe(true);

    // Attach: Tab reaches the attach control; Enter opens the file chooser.
    const attach = chat.getByLabel('Attach a file', { exact: true });
    await tabTo(visitor, focused(attach), 5);
    const chooser = visitor.waitForEvent('filechooser');
    await visitor.keyboard.press('Space');
    await (await chooser).setFiles({
      name: 'receipt.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Order 1042\n'),
    });
    await shows(log.getByText('receipt.txt'));

    // Emoji: the next tab stop; Enter opens the picker with the search focused, typing filters, Enter picks.
    const emoji = chat.getByRole('button', { name: 'Insert emoji', exact: true });
    await tabTo(visitor, focused(emoji), 5);
    await visitor.keyboard.press('Enter');
    const search = chat.getByRole('combobox', { name: 'Search emoji' });
    await expect.poll(focused(search)).toBe(true);
    await expectNoAxeViolations(visitor, 'widget emoji picker');
    await visitor.keyboard.type('thumbs up');
    await shows(chat.getByRole('option', { name: /thumbs up/i }));
    await visitor.keyboard.press('Enter');
    await expect.poll(focused(composer)).toBe(true);
    await expect.poll(() => composer.inputValue()).toMatch(/^👍/);
    await visitor.keyboard.press('Enter');
    await shows(log.getByText('👍'));

    // Escape closes the chat and gives focus back to the launcher.
    await visitor.keyboard.press('Escape');
    await expect.poll(launcherFocused(visitor)).toBe(true);
    await expect.poll(() => visitor.getByRole('button', { name: 'Open chat' }).isVisible()).toBe(true);
  });

  it('the console announces the chat request politely, and an agent accepts and answers by keyboard alone', async () => {
    const announcer = agent.getByRole('status').filter({ hasText: /Chat request from/ });
    await shows(announcer);
    expect(await focused(awaySwitch(agent))()).toBe(true);
    expect(await announcer.first().getAttribute('aria-live')).toBe('polite');
    // Tab to the request card's Chat button; Enter accepts it and opens the chat.
    const card = agent.getByRole('article', { name: /^Chat request from / });
    await shows(card);
    const accept = card.getByRole('button', { name: 'Chat', exact: true });
    await agent.locator('body').focus();
    await tabTo(agent, focused(accept), 200);
    await agent.keyboard.press('Enter');
    const transcript = agent.getByRole('log', { name: 'Messages' });
    await shows(transcript.getByText('Hello, is the Guji in stock?'));
    chatUrl = agent.url();
    // The message box is reachable by Tab; Enter sends.
    const box = agent.getByRole('textbox', { name: 'Message' });
    await tabTo(agent, focused(box), 120);
    await agent.keyboard.type('Yes, freshly roasted this week.');
    await agent.keyboard.press('Enter');
    await shows(transcript.getByText('Yes, freshly roasted this week.'));

    // The visitor's widget gets it; opened by keyboard it shows in the polite log.
    await openByKeyboard();
    const log = chat.getByRole('log');
    await shows(log.getByText('Yes, freshly roasted this week.'));
    expect(await log.getAttribute('aria-live')).toBe('polite');
  });

  it('new messages and typing reach the polite live regions without moving focus', async () => {
    await openByKeyboard();
    const composer = chat.getByLabel('Your message', { exact: true });
    await composer.focus();
    const box = agent.getByRole('textbox', { name: 'Message' });
    await box.focus();
    // The agent types: the widget's log (polite) says so; the visitor's cursor stays in their box.
    await box.pressSequentially('Anything else', { delay: 40 });
    await shows(chat.getByRole('log').getByText(/is typing/));
    await agent.keyboard.press('Enter');
    await shows(chat.getByRole('log').getByText('Anything else'));
    expect(await focused(composer)()).toBe(true);
    // The visitor writes: the console's announcer says who wrote what; the agent's cursor stays put.
    await composer.fill('A 250 g bag, please.');
    await composer.press('Enter');
    await shows(agent.getByRole('status').filter({ hasText: 'A 250 g bag, please.' }));
    expect(await focused(box)()).toBe(true);
  });

  it('widget with a chat in progress, and the console’s chat with the visitor panel', async () => {
    await expectNoAxeViolations(visitor, 'widget chat in progress on /demo');
    await shows(agent.getByRole('complementary', { name: 'Visitor info' }));
    await expectNoAxeViolations(agent, 'console chat with the visitor panel');
  });

  // Every console page, as the owner (an admin sees them all), in the default dark sidebar theme and
  // then in the light one.
  const PAGES: [path: string, title: string | RegExp][] = [
    ['/inbox', 'Inbox'],
    ['/chats', 'My chats'],
    ['/archive', 'Archive'],
    ['/visitors', 'Visitors on the site'],
    ['/crm/visitors', 'Visitors'],
    ['/crm/reminders', /Reminders/],
    ['/crm/bans', /Ban/],
    ['/team', 'Team'],
    ['/team/chats', /Team/],
    ['/statistics', 'Statistics'],
    ['/manage/agents', 'Agents'],
    ['/manage/channels', 'Channels'],
    ['/manage/channels/new', /./],
    ['/manage/integrations', 'Integrations'],
    ['/manage/processes', /./],
    ['/manage/tags', 'Tags'],
    ['/settings/account', /./],
    ['/settings/general', 'General'],
    ['/settings/sounds', /./],
    ['/settings/sessions', /./],
    ['/settings/security', /./],
    ['/settings/canned', /./],
    ['/settings/shortcuts', /./],
  ];

  async function checkEveryPage(theme: string) {
    const failures: string[] = [];
    for (const [path, title] of PAGES) {
      await owner.goto(`${team.server.url}${path}`);
      await shows(owner.getByRole('heading', { level: 1, name: title }));
      await owner
        .getByRole('status')
        .filter({ hasText: /^Loading/ })
        .first()
        .waitFor({ state: 'hidden' })
        .catch(() => {});
      await expectNoAxeViolations(owner, `${path} (${theme})`).catch((e: Error) => failures.push(e.message));
    }
    // A chat in progress as an admin sees it (another agent's), and the channel's own page.
    await owner.goto(chatUrl);
    await shows(owner.getByRole('log', { name: 'Messages' }).getByText('Hello, is the Guji in stock?'));
    await expectNoAxeViolations(owner, `a chat in progress (${theme})`).catch((e: Error) =>
      failures.push(e.message),
    );
    await owner.goto(`${team.server.url}/manage/channels`);
    await owner.getByRole('link', { name: 'Northwind shop' }).first().click();
    await shows(heading(owner, 'Northwind shop'));
    await expectNoAxeViolations(owner, `channel page (${theme})`).catch((e: Error) =>
      failures.push(e.message),
    );
    expect(failures, failures.join('\n\n')).toEqual([]);
  }

  it('every console page in the dark sidebar theme', async () => {
    await checkEveryPage('dark');
  });

  it('every console page in the light sidebar theme', async () => {
    await owner.goto(`${team.server.url}/settings/general`);
    await owner.getByRole('radio', { name: 'Light' }).click();
    await expect.poll(() => owner.getByRole('radio', { name: 'Light' }).isChecked()).toBe(true);
    await checkEveryPage('light');
  });

  /** Focus stays inside the open dialog through `tabs` Tab presses, and returns to `opener` on Escape. */
  async function expectTrapAndRestore(page: Page, dialog: Locator, opener: Locator, tabs = 12) {
    await shows(dialog);
    for (let i = 0; i < tabs; i++) {
      await page.keyboard.press('Tab');
      const where = await dialog.evaluate((el) => {
        const active = document.activeElement;
        return !active || active === document.body || el.contains(active)
          ? 'inside'
          : active.outerHTML.slice(0, 80);
      });
      expect(where, `Tab ${i + 1} left the dialog`).toBe('inside');
    }
    await page.keyboard.press('Escape');
    await gone(dialog);
    await expect
      .poll(async () =>
        (await focused(opener)())
          ? 'opener'
          : page.evaluate(() => document.activeElement?.outerHTML.slice(0, 100)),
      )
      .toBe('opener');
  }

  it('dialogs trap focus and give it back: image lightbox, keyboard shortcuts, pointer picker', async () => {
    // The visitor sends a picture; the agent opens it from the chat by keyboard.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAGklEQVR42mNk+M9Qz0AEYBxVSF+FAAAx2wgRH8N2OgAAAABJRU5ErkJggg==',
      'base64',
    );
    await chat
      .getByLabel('Attach a file', { exact: true })
      .setInputFiles({ name: 'beans.png', mimeType: 'image/png', buffer: png });
    await agent.goto(chatUrl);
    const image = agent.getByRole('button', { name: 'Open image beans.png' });
    await shows(image);
    await image.focus();
    await agent.keyboard.press('Enter');
    await expectTrapAndRestore(agent, agent.getByRole('dialog'), image);

    // "?" shows the keyboard shortcuts over whatever has focus; Escape puts focus back there.
    await image.focus();
    await agent.keyboard.press('?');
    await expectTrapAndRestore(agent, agent.getByRole('dialog', { name: 'Keyboard shortcuts' }), image);

    // Point on page: the picker with the copy of the visitor's page.
    const point = agent.getByRole('button', { name: 'Point on page' });
    await point.focus();
    await agent.keyboard.press('Enter');
    await expectTrapAndRestore(
      agent,
      agent.getByRole('dialog', { name: 'Point at something on the visitor’s page' }),
      point,
    );
  });

  it('prefers-reduced-motion: nothing moves in the widget or the console', async () => {
    await visitor.emulateMedia({ reducedMotion: 'reduce' });
    await agent.emulateMedia({ reducedMotion: 'reduce' });
    try {
      await openByKeyboard();
      const launcher = visitor.getByRole('button', { name: /^(Open|Close) chat$/ });
      // Closing and opening fades and slides the chat frame, unless reduced motion is asked for.
      await launcher.click();
      const moving = (page: Page | Frame) =>
        page.evaluate(() =>
          document
            .getAnimations()
            .filter((a) => a.playState === 'running')
            .map(
              (a) => `${(a.effect as KeyframeEffect | null)?.target?.className ?? ''} ${a.constructor.name}`,
            ),
        );
      expect(await moving(visitor)).toEqual([]);
      await launcher.click();
      expect(await moving(visitor)).toEqual([]);
      // The agent typing shows the dots, which bounce only for those who did not ask for less motion.
      const box = agent.getByRole('textbox', { name: 'Message' });
      await box.pressSequentially('One more thing', { delay: 40 });
      await shows(chat.getByRole('log').getByText(/is typing/));
      expect(await moving(chatFrame())).toEqual([]);
      await box.fill('');
      await agent.goto(`${team.server.url}/inbox`);
      await shows(heading(agent, 'Inbox'));
      const running = await agent.evaluate(
        () =>
          document
            .getAnimations()
            .filter((a) => a.playState === 'running')
            .map((a) => (a.effect as KeyframeEffect | null)?.target)
            .filter((el) => el instanceof Element && !el.closest('.spinner')).length,
      );
      expect(running).toBe(0);
    } finally {
      await visitor.emulateMedia({ reducedMotion: null });
      await agent.emulateMedia({ reducedMotion: null });
    }
  });

  it('200 % zoom (a 640 px wide viewport): every control of the widget and the chat screen stays usable', async () => {
    // 1280×800 at 200 % is a 640×400 CSS pixel viewport.
    await visitor.setViewportSize({ width: 640, height: 400 });
    await agent.setViewportSize({ width: 640, height: 400 });
    try {
      const launcher = visitor.getByRole('button', { name: /^(Open|Close) chat$/ });
      if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
      await shows(chat.getByLabel('Your message', { exact: true }));
      expect(await unusableControls(chatFrame())).toEqual([]);
      // The emoji picker too.
      await chat.getByRole('button', { name: 'Insert emoji', exact: true }).click();
      await shows(chat.getByRole('option').first());
      // The picker is a popover over the chat: its own controls must all be usable.
      expect(await unusableControls(chatFrame(), '[role=dialog] [role=dialog]')).toEqual([]);
      await visitor.keyboard.press('Escape');

      await agent.goto(chatUrl);
      await shows(agent.getByRole('log', { name: 'Messages' }).getByText('Hello, is the Guji in stock?'));
      expect(await unusableControls(agent.mainFrame())).toEqual([]);
    } finally {
      await visitor.setViewportSize({ width: 1280, height: 800 });
      await agent.setViewportSize({ width: 1280, height: 800 });
    }
  });
  it('a light brand colour still reads: dark text on its fills, darker ink for links and icons', async () => {
    // An admin may pick any colour; the widget derives its text colours so every screen stays AA.
    await owner.goto(`${team.server.url}/manage/channels`);
    await owner.getByRole('link', { name: 'Northwind shop' }).first().click();
    await shows(heading(owner, 'Northwind shop'));
    await owner.getByLabel('Colour', { exact: true }).fill('#ffd400');
    await owner.getByRole('button', { name: 'Save changes', exact: true }).click();
    await shows(owner.getByText('Saved.', { exact: true }));

    await visitor.reload();
    const launcher = visitor.getByRole('button', { name: /^(Open|Close) chat/ });
    await expect.poll(() => launcher.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 0, 0)');
    if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
    await shows(chat.getByText('Hello, is the Guji in stock?'));
    await expectNoAxeViolations(visitor, 'widget chat in progress in a light brand colour');
  });
});
