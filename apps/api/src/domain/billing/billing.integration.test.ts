import { type FakeStripe, startFakeStripe } from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDeps,
  errorOf,
  recordBus,
  seedAccount,
  type TestDeps,
  waitFor,
} from '../../../test/harness';
import { type RunningServer, startServer } from '../../server';
import { PLAN_CHANGED_TOPIC } from './apply';

// J6 billing through the API against a local fake of Stripe (SQLite; PostgreSQL + Redis with
// DATABASE_URL and REDIS_URL): the operator adds billing-stripe, an owner checks out, the fake sends
// signed webhooks to /hooks/<install>, and the account's plan, status, grace, invoices and call
// balance follow — each provider event applied once, never to another account.

const secretKey = 'sk_test_0123456789abcdefABCDEF';
const webhookSecret = 'whsec_0123456789abcdefABCDEF';
const DAY = 24 * 3600 * 1000;

let deps: TestDeps;
let server: RunningServer;
let stripe: FakeStripe;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let beta: Awaited<ReturnType<typeof seedAccount>>;
let installId: string;
const plans: Record<'free' | 'pro' | 'business', string> = { free: '', pro: '', business: '' };

const owner = () => callerFor(deps, acme.owner.token);
const account = (id = acme.account.id) => deps.db.account.findUniqueOrThrow({ where: { id } });
const sessionOf = (url: string) => url.split('/').at(-1) ?? '';

beforeAll(async () => {
  deps = await createTestDeps({ env: { BILLING_GRACE_DAYS: '5' } });
  server = await startServer(deps);
  stripe = await startFakeStripe({ secretKey, webhookSecret });
  acme = await seedAccount(deps, 'Acme');
  beta = await seedAccount(deps, 'Beta');
  for (const [key, price] of [
    ['free', null],
    ['pro', 'price_pro'],
    ['business', 'price_business'],
  ] as const) {
    const row = await deps.db.plan.upsert({
      where: { key },
      // Every feature: the operator's own account installs the billing plugin ('plugins').
      create: {
        key,
        name: key,
        isDefault: key === 'free',
        billingPriceRef: price,
        priceMonthly: price ? 2900 : null,
        features: JSON.stringify(['calls', 'api', 'webhooks', 'plugins']),
      },
      update: { billingPriceRef: price, features: JSON.stringify(['calls', 'api', 'webhooks', 'plugins']) },
    });
    plans[key] = row.id;
  }
});
afterAll(async () => {
  await server.close();
  await stripe.close();
  await deps.cleanup();
});

describe('billing (J6) without a billing plugin', () => {
  it('says billing is unavailable, and refuses checkout with a clear code', async () => {
    expect(await owner().billing.status()).toMatchObject({
      available: false,
      provider: null,
      subscribed: false,
    });
    expect((await errorOf(owner().billing.checkout({ planId: plans.pro }))).appCode).toBe(
      'billing.unavailable',
    );
  });

  it('is the owner’s only: admins and agents are refused every procedure', async () => {
    for (const token of [acme.admin.token, acme.agent.token]) {
      const c = callerFor(deps, token);
      for (const call of [
        () => c.billing.status(),
        () => c.billing.invoices(),
        () => c.billing.checkout({ planId: plans.pro }),
        () => c.billing.changePlan({ planId: plans.pro }),
        () => c.billing.cancel(),
        () => c.billing.topUp({ amount: 1000 }),
      ])
        expect((await errorOf(call())).code).toBe('FORBIDDEN');
    }
  });

  it('only the instance operator adds a billing plugin', async () => {
    const config = { secretKey, webhookSecret, baseUrl: stripe.url };
    const refused = await errorOf(
      callerFor(deps, beta.owner.token).integrations.install({ name: 'billing-stripe', config }),
    );
    expect(refused.appCode).toBe('operator.required');
    await deps.db.user.update({ where: { id: acme.owner.id }, data: { operator: true } });
    const installed = await owner().integrations.install({ name: 'billing-stripe', config });
    installId = installed.id;
    expect(JSON.stringify(installed)).not.toContain(secretKey);
    expect(JSON.stringify(installed)).not.toContain(webhookSecret);
    stripe.webhookUrl = `${server.url}/hooks/${installId}`;
  });

  it('an admin of the operator’s own account cannot reconfigure or switch off the billing install', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const config = { secretKey, webhookSecret: 'whsec_chosen_by_the_admin', baseUrl: stripe.url };
    expect((await errorOf(admin.integrations.configure({ id: installId, config }))).appCode).toBe(
      'operator.required',
    );
    expect((await errorOf(admin.integrations.setEnabled({ id: installId, enabled: false }))).appCode).toBe(
      'operator.required',
    );
    const row = await deps.db.pluginInstall.findUniqueOrThrow({ where: { id: installId } });
    expect(row.enabled).toBe(true);
  });
});

describe('billing (J6) through the fake Stripe', () => {
  let subscriptionRef = '';

  it('checkout → signed webhook → the account is on the plan, with its invoice', async () => {
    const bus = await recordBus(deps, acme.account.id, PLAN_CHANGED_TOPIC);
    const status = await owner().billing.status();
    expect(status).toMatchObject({ available: true, provider: 'Stripe Billing', planStatus: 'active' });
    expect(status.plans.map((p) => p.id)).toEqual(expect.arrayContaining([plans.pro, plans.business]));
    expect(status.plans.map((p) => p.id)).not.toContain(plans.free);
    expect((await errorOf(owner().billing.checkout({ planId: plans.free }))).appCode).toBe(
      'billing.plan_not_for_sale',
    );

    const { url } = await owner().billing.checkout({ planId: plans.pro, returnPath: '/manage/pro' });
    expect(url).toBe(`${stripe.url}/pay/${sessionOf(url)}`);
    const session = stripe.sessions.get(sessionOf(url));
    expect(session).toMatchObject({
      priceRef: 'price_pro',
      clientReferenceId: acme.account.id,
      customerEmail: acme.owner.email,
      successUrl: 'http://localhost:3000/manage/pro?checkout=success',
    });
    expect(await stripe.completeCheckout(sessionOf(url))).toEqual([200, 200]);
    const row = await account();
    subscriptionRef = row.billingSubscriptionRef ?? '';
    expect(subscriptionRef).toMatch(/^sub_/);
    expect(row).toMatchObject({ planId: plans.pro, planStatus: 'active', planGraceUntil: null });
    expect(row.billingCustomerRef).toMatch(/^cus_/);
    expect(row.planRenewsAt?.getTime()).toBeGreaterThan(Date.now() + 25 * DAY);
    const invoices = await owner().billing.invoices();
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ status: 'paid', amountPaid: 2900, currency: 'usd' });
    expect(invoices[0]?.hostedUrl).toMatch(/\/invoice\/1$/);
    expect(await owner().billing.status()).toMatchObject({ subscribed: true, planId: plans.pro });
    expect(
      await deps.db.auditEvent.count({
        where: { accountId: acme.account.id, action: 'billing.checkout.completed' },
      }),
    ).toBe(1);
    await waitFor(() => bus.seen.length > 0);
    expect(bus.seen[0]?.payload).toEqual({ accountId: acme.account.id });
    await bus.stop();
    // A second checkout while subscribed is refused: the plan is changed instead.
    expect((await errorOf(owner().billing.checkout({ planId: plans.business }))).appCode).toBe(
      'billing.already_subscribed',
    );
  });

  it('a redelivered event is acknowledged and applied once', async () => {
    const before = await deps.db.billingEvent.count({ where: { installId } });
    expect(await stripe.redeliverLast()).toBe(200);
    expect(await stripe.redeliverLast()).toBe(200);
    expect(await deps.db.billingEvent.count({ where: { installId } })).toBe(before);
    expect(await deps.db.invoice.count({ where: { accountId: acme.account.id } })).toBe(1);
    expect(
      await deps.db.auditEvent.count({
        where: { accountId: acme.account.id, action: 'billing.invoice.paid' },
      }),
    ).toBe(1);
  });

  it('stale, tampered and unsigned deliveries change nothing', async () => {
    const before = await deps.db.billingEvent.count();
    const object = {
      id: subscriptionRef,
      status: 'canceled',
      cancel_at_period_end: false,
      items: { data: [] },
    };
    expect(
      await stripe.send('customer.subscription.updated', object, {
        timestamp: Math.floor(Date.now() / 1000) - 400,
      }),
    ).toBe(400);
    const unsigned = await fetch(`${server.url}/hooks/${installId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'evt_forged', type: 'customer.subscription.deleted', data: { object } }),
    });
    expect(unsigned.status).toBe(400);
    const forged = await fetch(`${server.url}/hooks/${installId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'ab'.repeat(32)}`,
      },
      body: JSON.stringify({ id: 'evt_forged', type: 'customer.subscription.deleted', data: { object } }),
    });
    expect(forged.status).toBe(400);
    expect(await deps.db.billingEvent.count()).toBe(before);
    expect((await account()).planStatus).toBe('active');
  });

  it('an upgrade moves the plan when Stripe confirms it', async () => {
    expect((await errorOf(owner().billing.changePlan({ planId: plans.pro }))).appCode).toBe(
      'billing.same_plan',
    );
    expect(await owner().billing.changePlan({ planId: plans.business })).toEqual({ pending: true });
    await stripe.idle();
    expect((await account()).planId).toBe(plans.business);
    expect(stripe.subscriptions.get(subscriptionRef)?.priceRef).toBe('price_business');
  });

  it('a failed payment makes the account past due with the grace period; a paid one ends it', async () => {
    await stripe.failPayment(subscriptionRef);
    const failed = await account();
    expect(failed.planStatus).toBe('past_due');
    expect(failed.planId).toBe(plans.business);
    const grace = (failed.planGraceUntil?.getTime() ?? 0) - Date.now();
    expect(grace).toBeGreaterThan(5 * DAY - 60_000);
    expect(grace).toBeLessThanOrEqual(5 * DAY);
    expect(await deps.db.invoice.count({ where: { accountId: acme.account.id, status: 'open' } })).toBe(1);
    // A second failure does not stretch the grace period.
    await stripe.failPayment(subscriptionRef);
    expect((await account()).planGraceUntil).toEqual(failed.planGraceUntil);
    await stripe.payInvoice(subscriptionRef);
    expect(await account()).toMatchObject({ planStatus: 'active', planGraceUntil: null });
  });

  it('cancel asks for the end of the period; deletion keeps the plan until then', async () => {
    expect(await owner().billing.cancel()).toEqual({ pending: true });
    await stripe.idle();
    expect(stripe.subscriptions.get(subscriptionRef)?.cancelAtPeriodEnd).toBe(true);
    expect((await account()).planStatus).toBe('active');
    const periodEnd = stripe.subscriptions.get(subscriptionRef)?.currentPeriodEnd ?? 0;
    await stripe.deleteSubscription(subscriptionRef);
    const row = await account();
    expect(row).toMatchObject({
      planStatus: 'canceled',
      planId: plans.business,
      billingSubscriptionRef: null,
    });
    expect(row.planRenewsAt?.getTime()).toBe(periodEnd * 1000);
    expect((await errorOf(owner().billing.cancel())).appCode).toBe('billing.no_subscription');
  });

  it('a paid top-up credits the call balance once', async () => {
    expect((await errorOf(owner().billing.topUp({ amount: 10 }))).appCode).toBe('billing.invalid_amount');
    const before = (await owner().balance.get()).balance;
    const { url } = await owner().billing.topUp({ amount: 1500 });
    expect(stripe.sessions.get(sessionOf(url))).toMatchObject({
      mode: 'payment',
      amount: 1500,
      currency: 'usd',
    });
    await stripe.completeCheckout(sessionOf(url));
    expect((await owner().balance.get()).balance).toBe(before + 1500);
    expect(await stripe.redeliverLast()).toBe(200);
    // The same payment in a new event (another event id) is still credited once.
    const last = stripe.sent.at(-1)?.event as { data: { object: Record<string, unknown> } };
    expect(await stripe.send('checkout.session.async_payment_succeeded', last.data.object)).toBe(200);
    expect((await owner().balance.get()).balance).toBe(before + 1500);
    const ledger = await owner().balance.ledger({});
    expect(ledger.entries[0]).toMatchObject({ amount: 1500, reason: 'topup.billing' });
  });

  it('another account’s events and refs never touch this account', async () => {
    // Beta checks out on its own: its events change Beta only.
    const betaOwner = callerFor(deps, beta.owner.token);
    const { url } = await betaOwner.billing.checkout({ planId: plans.pro });
    await stripe.completeCheckout(sessionOf(url));
    const betaRow = await account(beta.account.id);
    expect(betaRow).toMatchObject({ planId: plans.pro, planStatus: 'active' });
    const acmeBefore = await account();
    // A checkout naming Acme but carrying Beta's subscription and customer is ignored.
    expect(
      await stripe.send('checkout.session.completed', {
        id: 'cs_test_x',
        mode: 'subscription',
        client_reference_id: acme.account.id,
        customer: betaRow.billingCustomerRef,
        subscription: betaRow.billingSubscriptionRef,
        payment_status: 'paid',
        metadata: { parley_price: 'price_business' },
      }),
    ).toBe(200);
    // A deletion of Beta's subscription that claims Acme in its metadata cancels Beta, not Acme.
    expect(
      await stripe.send('customer.subscription.updated', {
        id: betaRow.billingSubscriptionRef,
        status: 'past_due',
        cancel_at_period_end: false,
        metadata: { parley_account: acme.account.id },
        items: { data: [] },
      }),
    ).toBe(200);
    expect(await account()).toEqual(acmeBefore);
    expect((await account(beta.account.id)).planStatus).toBe('past_due');
    expect(await betaOwner.billing.invoices()).toHaveLength(1);
    expect((await owner().billing.invoices()).map((i) => i.amountDue)).not.toContain(undefined);
  });
});
