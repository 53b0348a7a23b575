import type { FrameLocator, Locator, Page } from 'playwright-core';

/**
 * What the browser tests do over and over in the console, found by role and accessible name only: wait
 * for things to appear, set up a workspace, invite an agent and join as them.
 */

export type TPerson = { name: string; email: string; password: string };
export type TOwner = TPerson & { accountName: string };

export async function shows(locator: Locator, timeout = 20_000) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

export async function gone(locator: Locator, timeout = 20_000) {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

/**
 * The box of the first match once it is laid out: boundingBox() answers null for an element that is
 * between two renders (a sent bubble replacing its pending copy), so layout checks wait for a box.
 */
export async function boxOf(locator: Locator, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const box = await locator
      .first()
      .boundingBox({ timeout })
      .catch(() => null);
    if (box) return box;
    if (Date.now() > deadline) throw new Error(`no layout box for ${String(locator)} in ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The page's level-1 heading, which is also its title. */
export function heading(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

/** The widget's iframe (the loader titles it "Chat"). */
export function widget(page: Page): FrameLocator {
  return page.getByTitle('Chat', { exact: true }).contentFrame();
}

/** Waits until `locator` matches exactly `count` elements (a duplicate would show as one too many). */
export async function expectCount(locator: Locator, count: number, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last = -1;
  while (Date.now() < deadline) {
    last = await locator.count();
    if (last === count) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`expected ${count} match(es), found ${last}`);
}

/** A1: a fresh install opens the setup page; creating the workspace lands in the Inbox, logged in. */
export async function setUpWorkspace(page: Page, url: string, owner: TOwner) {
  await page.goto(url);
  await shows(heading(page, 'Set up Parley'));
  await page.getByLabel('Workspace name', { exact: true }).fill(owner.accountName);
  await page.getByLabel('Your name', { exact: true }).fill(owner.name);
  await page.getByLabel('Email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await shows(heading(page, 'Inbox'));
}

/** A3 in English: Manage → Agents → invite; without SMTP the link is shown to copy. Returns it. */
export async function inviteAgent(page: Page, email: string): Promise<string> {
  await page.getByRole('link', { name: 'Agents', exact: true }).click();
  await shows(heading(page, 'Agents'));
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
  const linkField = page.getByRole('textbox', { name: 'Invitation link' });
  await shows(linkField);
  return linkField.inputValue();
}

/** The invited person opens the link, picks a name and password, and lands in the Inbox. */
export async function acceptInvitation(page: Page, link: string, person: Omit<TPerson, 'email'>) {
  await page.goto(link);
  await page.getByLabel('Your name', { exact: true }).fill(person.name);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Join the team' }).click();
  await shows(heading(page, 'Inbox'));
}

/** J1: Manage → Channels → add a website channel (the /demo page shows the first one's widget). */
export async function addWebsiteChannel(page: Page, name: string) {
  await page.getByRole('link', { name: 'Channels', exact: true }).click();
  await shows(heading(page, 'Channels'));
  await page.getByLabel('Website name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Add website' }).click();
  await shows(heading(page, name));
}
