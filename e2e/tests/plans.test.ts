import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { useTeam } from '../support/team';

// J6 plans and limits, end to end: the instance operator (the first setup's owner) creates a plan on
// the Operator page, puts their account on it and then lowers its agent limit; the owner's Pro page
// shows the agents at 100 % (a labelled progressbar, "Limit reached"), says that the operator sets the
// plan (no billing plugin), the shell's banner warns, and inviting an agent is refused with the
// localised message. axe checks both pages.

const { available } = chromiumAvailability();

describe.skipIf(!available)('plans and limits', () => {
  const team = useTeam();
  let page: Page;

  beforeAll(() => {
    page = team.owner.page;
  });

  it('the operator creates a plan and puts an account on it', async () => {
    await page.getByRole('link', { name: 'Operator', exact: true }).click();
    await shows(heading(page, 'Operator'));
    const plans = page.getByRole('table', { name: 'Plans' });
    await shows(plans.getByRole('row', { name: /Free/ }));
    await page.getByRole('button', { name: 'New plan', exact: true }).click();
    const form = page.getByRole('form', { name: 'New plan' });
    await form.getByLabel('Key', { exact: true }).fill('small');
    await form.getByLabel('Name', { exact: true }).fill('Small');
    await form.getByLabel('Agents', { exact: true }).fill('5');
    await form.getByRole('button', { name: 'Create plan' }).click();
    await shows(plans.getByRole('row', { name: /Small/ }));
    await page.getByRole('combobox', { name: 'Plan of account Northwind' }).selectOption({ label: 'Small' });
    await shows(plans.getByRole('row', { name: /Small/ }).getByRole('cell', { name: '1', exact: true }));
    await expectNoAxeViolations(page, 'operator plans');
  });

  it('lowers the agent limit: the Pro page shows 100 % and the operator sets the plan', async () => {
    await page.getByRole('button', { name: 'Edit plan Small' }).click();
    const form = page.getByRole('form', { name: 'Edit plan' });
    await form.getByLabel('Agents', { exact: true }).fill('1');
    await form.getByRole('button', { name: 'Save plan' }).click();
    await shows(
      page.getByRole('table', { name: 'Plans' }).getByRole('row', { name: /Small/ }).getByText('Agents: 1'),
    );

    await page.getByRole('link', { name: 'Pro', exact: true }).click();
    await shows(heading(page, 'Pro'));
    await shows(page.getByRole('heading', { name: 'Current plan: Small' }));
    const agents = page.getByRole('progressbar', { name: 'Agents' });
    await shows(agents);
    expect(await agents.getAttribute('aria-valuetext')).toBe('1 of 1');
    await shows(page.getByRole('listitem').filter({ has: agents }).getByText('Limit reached'));
    await shows(page.getByText('Your server’s operator sets your plan. Ask them to change it.'));
    await shows(page.getByRole('status').filter({ hasText: 'Your plan’s limit is reached.' }));
    await expectNoAxeViolations(page, 'pro page');
  });

  it('inviting an agent is refused with the localised message', async () => {
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    await shows(heading(page, 'Agents'));
    await page.getByLabel('Email', { exact: true }).fill('late@northwind.test');
    await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
    await shows(
      page.getByText('Your plan’s agent limit is reached (open invitations count too).', { exact: false }),
    );
    expect(await page.getByRole('textbox', { name: 'Invitation link' }).count()).toBe(0);
  });
});
