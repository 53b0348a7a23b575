import { startFakeSmtp } from '@parley/integrations/testing/providers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { chromiumAvailability } from '../support/browser';
import { gone, heading, shows } from '../support/console';
import { OWNER, useTeam } from '../support/team';

// Many accounts on one server (issue 19), the identity part: public sign-up (SIGNUP=open) → the
// mailed confirmation link (a local SMTP server) → log in, where the password opens two accounts and
// the picker asks which → switch to the other from the user menu without logging in again. The
// person signing up is the owner of the first workspace (same address, same password): one person,
// two accounts. Found by role and accessible name; axe-core checks each new screen.

const { available } = chromiumAvailability();
let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
const SECOND = 'Harbor Books';

describe.skipIf(!available)('sign-up, confirmation, account picker and switcher', () => {
  beforeAll(async () => {
    smtp = await startFakeSmtp();
  });
  afterAll(() => smtp?.close());
  const team = useTeam({
    serverEnv: () => ({
      SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
      MAIL_FROM: 'Parley <no-reply@e2e.test>',
      SIGNUP: 'open',
    }),
  });
  let page: Page;
  const sidebar = () => page.getByRole('complementary');

  it('signs up: field errors first, then "check your email"', async () => {
    page = (await team.launch('founder')).page;
    await page.goto(`${team.server.url}/login`);
    await page.getByRole('link', { name: 'No account yet? Create one' }).click();
    await shows(heading(page, 'Create a Parley account'));
    await expectNoAxeViolations(page, 'sign up');
    // Nothing filled in: each field says what is missing, and nothing is sent.
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByText('This field is required.').count()).toBeGreaterThan(2);
    await expectNoAxeViolations(page, 'sign up with field errors');

    await page.getByLabel('Workspace name', { exact: true }).fill(SECOND);
    await page.getByLabel('Your name', { exact: true }).fill(OWNER.name);
    await page.getByLabel('Email', { exact: true }).fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.keyboard.press('Enter');
    await shows(heading(page, 'Check your email'));
    await shows(page.getByText(`We sent a link to ${OWNER.email}.`, { exact: false }));
    await expectNoAxeViolations(page, 'check your email');
  });

  it('cannot log in before confirming; the mailed link confirms once', async () => {
    const [mail] = await smtp.waitForMail(1);
    expect(mail?.to).toEqual([OWNER.email]);
    const link = /(http\S+\/verify-email\/[a-z2-7]+)/.exec(mail?.parsed.text ?? '')?.[1] ?? '';
    expect(link.startsWith(team.server.url)).toBe(true);

    await page.goto(link);
    await shows(heading(page, 'Confirm your email address'));
    await shows(page.getByText(`Your workspace ${SECOND} is ready`, { exact: false }));
    await expectNoAxeViolations(page, 'email confirmed');
    // Opened again: used.
    const again = await team.launch('founder-again');
    await again.page.goto(link);
    await shows(again.page.getByText(/This confirmation link is invalid, used or expired/));
    await expectNoAxeViolations(again.page, 'confirmation link used');
    await page.getByRole('link', { name: 'Log in', exact: true }).click();
    await shows(heading(page, 'Log in to Parley'));
  });

  it('logs in: the password opens both workspaces, the picker asks which', async () => {
    // The address came along from the confirmation page.
    await expect.poll(() => page.getByLabel('Email', { exact: true }).inputValue()).toBe(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await shows(heading(page, 'Choose an account'));
    const choices = page.getByRole('list', { name: 'Choose an account' }).getByRole('button');
    await expect.poll(() => choices.count()).toBe(2);
    await expectNoAxeViolations(page, 'account picker');
    // By keyboard: the first choice has focus; Tab moves to the second.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`${SECOND} Owner`);
    await page.keyboard.press('Enter');
    await shows(heading(page, 'Inbox'));
    await shows(sidebar().getByText(SECOND, { exact: true }));
  });

  it('switches to the other workspace from the user menu, and back', async () => {
    const toggle = page.getByRole('button', { name: 'Switch account' });
    await toggle.click();
    await shows(page.getByRole('list', { name: 'Your other accounts' }));
    // Escape closes the list again.
    await page.keyboard.press('Escape');
    await gone(page.getByRole('list', { name: 'Your other accounts' }));
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const other = page
      .getByRole('list', { name: 'Your other accounts' })
      .getByRole('button', { name: `${OWNER.accountName} Owner` });
    await shows(other);
    await expectNoAxeViolations(page, 'account switcher');
    // The open list names the other workspace too, so "the sidebar shows its name" alone passes before
    // the switch is done; a Switch account click then lands on the old session's page, which the new
    // session replaces with the list closed (PG run, loaded machine). The list closes only once the
    // server answered: wait for that first.
    const list = page.getByRole('list', { name: 'Your other accounts' });
    await other.click();
    await gone(list);
    await shows(heading(page, 'Inbox'));
    await shows(sidebar().getByText(OWNER.accountName, { exact: true }));
    await page.getByRole('button', { name: 'Switch account' }).click();
    await list.getByRole('button', { name: `${SECOND} Owner` }).click();
    await gone(list);
    await shows(sidebar().getByText(SECOND, { exact: true }));
  });

  it('the first workspace’s own session (set up before the second existed) offers no switch', async () => {
    const owner = team.owner.page;
    await owner.reload();
    await shows(heading(owner, 'Inbox'));
    await shows(owner.getByRole('button', { name: 'Log out' }));
    expect(await owner.getByRole('button', { name: 'Switch account' }).count()).toBe(0);
  });
});
