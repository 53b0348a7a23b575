import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { type TUser, useTeam } from '../support/team';

// Many accounts on one server, end to end: the owner the first setup created is the instance operator
// and finds Operator in the navigation; the page lists the accounts with their usage; creating one
// shows its owner's set-password link (no SMTP here); that owner signs in to a console without the
// Operator entry; suspending the account (asked in a dialog, with a reason) signs them out, and a new
// sign-in says the account is suspended. axe checks the page and the dialog.

const { available } = chromiumAvailability();

const NEWCO = {
  name: 'Globex',
  ownerName: 'Gina Owner',
  ownerEmail: 'gina@globex.test',
  password: 'globex pass 1',
};

describe.skipIf(!available)('operator', () => {
  const team = useTeam();
  let page: Page;
  let newOwner: TUser;
  let setPasswordLink = '';

  beforeAll(() => {
    page = team.owner.page;
  });

  it('the first owner sees Operator in the navigation and lists the accounts', async () => {
    await page.getByRole('link', { name: 'Operator', exact: true }).click();
    await shows(heading(page, 'Operator'));
    const table = page.getByRole('table', { name: 'Accounts' });
    const own = table.getByRole('row', { name: /Northwind/ });
    await shows(own);
    await shows(own.getByText('olivia@northwind.test'));
    await shows(own.getByText('Your account'));
    // Their own account offers no suspend or delete.
    expect(await own.getByRole('button').count()).toBe(0);
    await expectNoAxeViolations(page, 'operator page');
  });

  it('creates an account; without SMTP the owner’s set-password link is shown', async () => {
    const form = page.getByRole('form', { name: 'New account' });
    await form.getByLabel('Account name').fill(NEWCO.name);
    await form.getByLabel('Owner’s name').fill(NEWCO.ownerName);
    await form.getByLabel('Owner’s email').fill(NEWCO.ownerEmail);
    await form.getByRole('button', { name: 'Create account' }).click();
    const link = page.getByRole('textbox', { name: 'Set-password link for the owner' });
    await shows(link);
    setPasswordLink = await link.inputValue();
    expect(setPasswordLink).toMatch(/\/reset-password\/\S+$/);
    const row = page.getByRole('table', { name: 'Accounts' }).getByRole('row', { name: /Globex/ });
    await shows(row.getByText(NEWCO.ownerEmail));
    await shows(row.getByText('Active'));

    // Search finds it by the owner's email, and only it.
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill('gina@');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await shows(page.getByText(/Page 1 of 1 · 1 account$/));
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await shows(page.getByText(/Page 1 of 1 · 2 accounts$/));
  });

  it('the new owner chooses a password and signs in to a console without the Operator page', async () => {
    newOwner = await team.launch('globex-owner');
    await newOwner.page.goto(setPasswordLink);
    await newOwner.page.getByLabel('New password', { exact: true }).fill(NEWCO.password);
    await newOwner.page.getByRole('button', { name: 'Set password' }).click();
    await shows(newOwner.page.getByText('Your password is set. Log in with it now.'));
    await newOwner.page.goto(`${team.server.url}/login`);
    await newOwner.page.getByLabel('Email', { exact: true }).fill(NEWCO.ownerEmail);
    await newOwner.page.getByLabel('Password', { exact: true }).fill(NEWCO.password);
    await newOwner.page.getByRole('button', { name: 'Log in' }).click();
    await shows(heading(newOwner.page, 'Inbox'));
    expect(await newOwner.page.getByRole('link', { name: 'Operator', exact: true }).count()).toBe(0);
  });

  it('suspends the account after a confirmation with a reason; its owner reads why, then is refused', async () => {
    const row = page.getByRole('table', { name: 'Accounts' }).getByRole('row', { name: /Globex/ });
    await row.getByRole('button', { name: 'Suspend account Globex' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend Globex?' });
    await shows(dialog);
    const confirm = dialog.getByRole('button', { name: 'Suspend account' });
    // No reason, no suspension.
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason').fill('Trial ended');
    await expectNoAxeViolations(page, 'suspend dialog');
    await confirm.click();
    await shows(row.getByText('Suspended'));
    await shows(row.getByText('Trial ended'));
    await shows(row.getByRole('button', { name: 'Unsuspend account Globex' }));

    // The suspended owner's open console loses its session (the live stream ends) and says why, with the
    // operator's reason, instead of failing requests; a reload shows the same (the session is kept for
    // when the suspension is lifted). Log out leads to the login form, and signing in says why too.
    const suspended = heading(newOwner.page, 'This account is suspended');
    await shows(suspended);
    await shows(newOwner.page.getByText('Trial ended'));
    await expectNoAxeViolations(newOwner.page, 'suspended account');
    await newOwner.page.reload();
    await shows(suspended);
    await newOwner.page.getByRole('button', { name: 'Log out' }).click();
    await shows(newOwner.page.getByRole('button', { name: 'Log in' }));
    await newOwner.page.getByLabel('Email', { exact: true }).fill(NEWCO.ownerEmail);
    await newOwner.page.getByLabel('Password', { exact: true }).fill(NEWCO.password);
    await newOwner.page.getByRole('button', { name: 'Log in' }).click();
    await shows(newOwner.page.getByText('This account is suspended by the operator of this server.'));
  });
});
