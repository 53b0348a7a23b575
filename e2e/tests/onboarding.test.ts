import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { useTeam } from '../support/team';

// A1 setup → A6 language → A3 invitation without SMTP → A2 case-insensitive login, J8 logout, B8/E1 live
// presence. Everything is found by role and accessible name, as a user (or a screen reader) would.

const { available } = chromiumAvailability();

const owner = {
  accountName: 'Acme Support',
  name: 'Olivia Owner',
  email: 'olivia@acme.test',
  password: 'correct horse 1',
};
const agent = { name: 'Ayşe Yılmaz', email: 'ayse.yilmaz@acme.test', password: 'battery staple 2' };

describe.skipIf(!available)('onboarding a team', () => {
  // The setup page is under test here: the fixture leaves the install fresh.
  const team = useTeam({ workspace: false });
  let page: Page;
  let agentPage: Page;
  let inviteLink = '';
  beforeAll(() => {
    page = team.owner.page;
  });

  it('a fresh install sets up the workspace and lands in the Inbox, for good', async () => {
    // A1: a fresh install sends everyone to the setup page.
    await page.goto(team.server.url);
    await shows(heading(page, 'Set up Parley'));
    await page.getByLabel('Workspace name', { exact: true }).fill(owner.accountName);
    await page.getByLabel('Your name', { exact: true }).fill(owner.name);
    await page.getByLabel('Email', { exact: true }).fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Create workspace' }).click();

    // Lands in the console (the Inbox), logged in.
    await shows(heading(page, 'Inbox'));
    await shows(page.getByRole('navigation', { name: 'Main' }));
    await shows(page.getByRole('switch', { name: 'Away mode' }));

    // The setup page is gone for good.
    await page.goto(`${team.server.url}/setup`);
    await shows(heading(page, 'Inbox'));
  });

  it('the console switches to Turkish at once and keeps it', async () => {
    // A6: switch the console to Turkish; the UI follows at once.
    await page.getByRole('link', { name: 'General' }).click();
    await shows(heading(page, 'General'));
    await page.getByLabel('Language', { exact: true }).selectOption('tr');
    await shows(heading(page, 'Genel'));
    await shows(page.getByRole('link', { name: 'Takım' }));
    // ...and it is saved: a reload keeps Turkish.
    await page.reload();
    await shows(heading(page, 'Genel'));
  });

  it('an invitation without SMTP is a link; the agent joins in their own browser', async () => {
    // A3: invite an agent. No SMTP on this server, so the link is shown to copy.
    await page.getByRole('link', { name: 'Temsilciler' }).click();
    await shows(heading(page, 'Temsilciler'));
    await page.getByLabel('E-posta', { exact: true }).fill(agent.email);
    await page.getByRole('button', { name: 'Davet gönder' }).click();
    const linkField = page.getByRole('textbox', { name: 'Davet bağlantısı' });
    await shows(linkField);
    inviteLink = await linkField.inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${team.server.url}/invite/.+`));
    await shows(page.getByRole('button', { name: `${agent.email} davetini yeniden gönder` }));

    // The agent opens the link in their own browser (English), chooses a name and password.
    agentPage = (await team.launch('agent')).page;
    await agentPage.goto(inviteLink);
    await shows(heading(agentPage, `Join ${owner.accountName}`));
    await agentPage.getByLabel('Your name', { exact: true }).fill(agent.name);
    await agentPage.getByLabel('Password', { exact: true }).fill(agent.password);
    await agentPage.getByRole('button', { name: 'Join the team' }).click();
    await shows(heading(agentPage, 'Inbox'));
    // Agents don't manage the workspace.
    await shows(agentPage.getByRole('link', { name: 'My account' }));
    expect(await agentPage.getByRole('link', { name: 'Agents' }).count()).toBe(0);
  });

  it('the agent goes away and back; the owner’s team list follows live', async () => {
    // B8 + E1: the agent goes away; the owner's team list turns yellow live.
    await page.getByRole('link', { name: 'Takım' }).click();
    await shows(heading(page, 'Takım'));
    await shows(page.getByRole('listitem', { name: new RegExp(`^${agent.name},`) }));
    const awaySwitch = agentPage.getByRole('switch', { name: 'Away mode' });
    expect(await awaySwitch.getAttribute('aria-checked')).toBe('false');
    await awaySwitch.click();
    await shows(agentPage.locator('[role="switch"][aria-checked="true"]'));
    await shows(page.getByRole('listitem', { name: `${agent.name}, Uzakta` }));
    await awaySwitch.click();
    await shows(page.getByRole('listitem', { name: `${agent.name}, Çevrimiçi` }));
  });

  it('logging out ends the session; the email is case-insensitive at log-in', async () => {
    // J8: log out.
    await agentPage.getByRole('button', { name: 'Log out' }).click();
    await shows(heading(agentPage, 'Log in to Parley'));

    // A2: the email is case-insensitive.
    await agentPage
      .getByLabel('Email', { exact: true })
      .fill(agent.email.toUpperCase().replace('@ACME', '@Acme'));
    await agentPage.getByLabel('Password', { exact: true }).fill(agent.password);
    await agentPage.getByRole('button', { name: 'Log in' }).click();
    await shows(heading(agentPage, 'Inbox'));
    await agentPage.getByRole('button', { name: 'Log out' }).click();
    await shows(heading(agentPage, 'Log in to Parley'));

    // Logged out means logged out: the console sends us back to the login page.
    await agentPage.goto(`${team.server.url}/settings/account`);
    await shows(heading(agentPage, 'Log in to Parley'));
  });
});
