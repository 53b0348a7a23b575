import { type FakeStripe, startFakeStripe } from '@parley/integrations/testing/providers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { useTeam } from '../support/team';

// J6 billing end to end, against a local server that speaks Stripe's API (startFakeStripe): the
// instance operator (the first setup's owner) sells a Pro plan under a Stripe price id, puts the
// account on a Starter plan of one agent and adds Stripe Billing in Integrations; inviting an agent
// is refused at the limit; the owner chooses Pro on the Pro page, pays on the provider's checkout
// page, the provider's signed webhook sets the plan, and the same invitation now goes through.

const { available } = chromiumAvailability();
const secretKey = 'sk_test_e2e0123456789abcdef';
const webhookSecret = 'whsec_e2e0123456789abcdef';

describe.skipIf(!available)('billing through the payment provider (J6)', () => {
  const team = useTeam();
  let page: Page;
  let stripe: FakeStripe;

  beforeAll(async () => {
    stripe = await startFakeStripe({ secretKey, webhookSecret });
    page = team.owner.page;
  });
  afterAll(async () => {
    await stripe?.close();
  });

  async function newPlan(fields: { key: string; name: string; agents?: string; priceRef?: string }) {
    await page.getByRole('button', { name: 'New plan', exact: true }).click();
    const form = page.getByRole('form', { name: 'New plan' });
    await form.getByLabel('Key', { exact: true }).fill(fields.key);
    await form.getByLabel('Name', { exact: true }).fill(fields.name);
    if (fields.agents) await form.getByLabel('Agents', { exact: true }).fill(fields.agents);
    if (fields.priceRef) {
      await form.getByLabel('Price per month', { exact: true }).fill('2900');
      await form.getByLabel('Billing price id', { exact: true }).fill(fields.priceRef);
    }
    await form.getByRole('button', { name: 'Create plan' }).click();
    await shows(
      page.getByRole('table', { name: 'Plans' }).getByRole('row', { name: new RegExp(fields.name) }),
    );
  }

  it('the operator sells Pro, puts the account on Starter and adds Stripe Billing', async () => {
    await page.getByRole('link', { name: 'Operator', exact: true }).click();
    await shows(heading(page, 'Operator'));
    await newPlan({ key: 'starter', name: 'Starter', agents: '1' });
    await newPlan({ key: 'pro', name: 'Pro', priceRef: 'price_pro' });
    await page
      .getByRole('combobox', { name: 'Plan of account Northwind' })
      .selectOption({ label: 'Starter' });
    await shows(
      page
        .getByRole('table', { name: 'Plans' })
        .getByRole('row', { name: /Starter/ })
        .getByRole('cell', { name: '1', exact: true }),
    );

    await page.getByRole('link', { name: 'Integrations', exact: true }).click();
    await shows(heading(page, 'Integrations'));
    await page.getByLabel('Plugin', { exact: true }).selectOption({ label: 'Stripe Billing' });
    await page.getByLabel('Secret key (sk_live_… or sk_test_…)', { exact: true }).fill(secretKey);
    await page.getByLabel('Webhook signing secret (whsec_…)', { exact: true }).fill(webhookSecret);
    await page.getByLabel('API URL', { exact: true }).fill(stripe.url);
    await page.getByRole('button', { name: 'Add integration', exact: true }).click();
    // The install shows where the provider sends its events: that is what the operator enters there.
    const hook = page.getByRole('listitem', { name: 'Stripe Billing' }).locator('code');
    await shows(hook);
    const webhookUrl = (await hook.textContent()) ?? '';
    expect(webhookUrl).toMatch(new RegExp(`^${team.server.url}/hooks/[\\w-]+$`));
    stripe.webhookUrl = webhookUrl;
    expect(await page.content()).not.toContain(webhookSecret);
  });

  it('at the agent limit an invitation is refused', async () => {
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    await shows(heading(page, 'Agents'));
    await page.getByLabel('Email', { exact: true }).fill('second@northwind.test');
    await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
    await shows(page.getByText('Your plan’s agent limit is reached', { exact: false }));
  });

  it('the owner buys Pro at the provider; its signed webhook lifts the limit', async () => {
    await page.getByRole('link', { name: 'Pro', exact: true }).click();
    await shows(page.getByRole('heading', { name: 'Current plan: Starter' }));
    await expectNoAxeViolations(page, 'pro page with billing');
    await page.getByRole('button', { name: 'Choose Pro', exact: true }).click();
    // The provider's hosted checkout page, then back to the Pro page.
    await page.waitForURL(`${stripe.url}/**`);
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.waitForURL(`${team.server.url}/**`);
    await shows(page.getByRole('status').filter({ hasText: 'The payment went through' }));
    await shows(page.getByRole('heading', { name: 'Current plan: Pro' }));
    await shows(page.getByRole('table', { name: 'Invoices' }).getByRole('cell', { name: 'Paid' }));

    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    await shows(heading(page, 'Agents'));
    await page.getByLabel('Email', { exact: true }).fill('second@northwind.test');
    await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
    await shows(page.getByRole('textbox', { name: 'Invitation link' }));
  });

  it('cancelling asks first in a dialog; the plan stays until the end of the period', async () => {
    await page.getByRole('link', { name: 'Pro', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel subscription', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel the subscription?' });
    await shows(dialog);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Cancel subscription', exact: true }).click();
    await dialog.getByRole('button', { name: 'End subscription', exact: true }).click();
    await shows(
      page.getByRole('status').filter({ hasText: 'The subscription ends at the end of the paid period.' }),
    );
    await shows(page.getByRole('heading', { name: 'Current plan: Pro' }));
  });
});
