import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BillingEvent } from '@parley/plugin-sdk';
import { billingEventProblems } from '@parley/plugin-sdk/host';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import { type FakeStripe, startFakeStripe, stripeWebhookRequest } from '../../testing/providers/stripe.js';
import plugin, { normaliseStripeEvent } from './index.js';
import { stripeSignature, verifyStripeSignature } from './signature.js';

const secretKey = 'sk_test_0123456789abcdefABCDEF';
const webhookSecret = 'whsec_0123456789abcdefABCDEF';
const PRICE = 'price_pro_monthly';

const checkoutEvent = (id = 'evt_checkout_1') => ({
  id,
  object: 'event',
  type: 'checkout.session.completed',
  created: Math.floor(Date.now() / 1000),
  data: {
    object: {
      id: 'cs_test_1',
      object: 'checkout.session',
      mode: 'subscription',
      client_reference_id: 'acc_1',
      customer: 'cus_1',
      subscription: 'sub_1',
      payment_status: 'paid',
      metadata: { parley_account: 'acc_1', parley_price: PRICE },
    },
  },
});

runPluginContract(plugin, {
  provider: () => startFakeStripe({ secretKey, webhookSecret }),
  validConfig: ({ providerUrl }) => ({ secretKey, webhookSecret, baseUrl: providerUrl }),
  invalidConfig: { secretKey: 'pk_test_public', webhookSecret: 'secret' },
  timeoutMs: 1500,
  billing: {
    priceRef: PRICE,
    signedWebhook: () => stripeWebhookRequest(webhookSecret, checkoutEvent()),
    staleWebhook: () =>
      stripeWebhookRequest(webhookSecret, checkoutEvent(), Math.floor(Date.now() / 1000) - 301),
  },
});

describe('Stripe-Signature', () => {
  const body = Buffer.from('{"id":"evt_1"}');
  const t = 1_700_000_000;
  it('accepts a good signature and any of several v1', () => {
    const good = stripeSignature(webhookSecret, body, t);
    expect(verifyStripeSignature(webhookSecret, body, good, t + 10)).toEqual({ ok: true });
    const rolled = `t=${t},v1=${'0'.repeat(64)},${good.split(',')[1]},v0=abc`;
    expect(verifyStripeSignature(webhookSecret, body, rolled, t)).toEqual({ ok: true });
  });
  it('refuses missing, malformed, tampered, wrong-secret and stale signatures', () => {
    const good = stripeSignature(webhookSecret, body, t);
    expect(verifyStripeSignature(webhookSecret, body, undefined, t)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyStripeSignature(webhookSecret, body, 'v1=abc', t)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyStripeSignature(webhookSecret, Buffer.from('{"id":"evt_2"}'), good, t)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyStripeSignature('whsec_other0000000', body, good, t)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyStripeSignature(webhookSecret, body, good, t + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyStripeSignature(webhookSecret, body, good, t - 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyStripeSignature(webhookSecret, body, good, t + 300)).toEqual({ ok: true });
  });
});

describe('normaliseStripeEvent', () => {
  const at = 1_700_000_000;
  const ev = (type: string, object: Record<string, unknown>) => ({
    id: `evt_${type}`,
    type,
    created: at,
    data: { object },
  });

  it('maps every event Parley uses, and nothing else', () => {
    const events = [
      ...normaliseStripeEvent(checkoutEvent('evt_a')),
      ...normaliseStripeEvent(
        ev('checkout.session.completed', {
          id: 'cs_2',
          mode: 'payment',
          payment_status: 'paid',
          client_reference_id: 'acc_1',
          amount_total: 2500,
          currency: 'EUR',
          payment_intent: 'pi_1',
        }),
      ),
      ...normaliseStripeEvent(
        ev('customer.subscription.updated', {
          id: 'sub_1',
          customer: 'cus_1',
          status: 'past_due',
          cancel_at_period_end: true,
          metadata: { parley_account: 'acc_1' },
          items: { data: [{ id: 'si_1', price: { id: PRICE }, current_period_end: at + 100 }] },
        }),
      ),
      ...normaliseStripeEvent(
        ev('customer.subscription.deleted', { id: 'sub_1', current_period_end: at + 100 }),
      ),
      ...normaliseStripeEvent(
        ev('invoice.payment_failed', {
          id: 'in_1',
          number: 'A-1',
          status: 'open',
          amount_due: 2900,
          amount_paid: 0,
          currency: 'usd',
          customer: 'cus_1',
          parent: { subscription_details: { subscription: 'sub_1' } },
          period_start: at - 100,
          period_end: at,
          hosted_invoice_url: 'https://invoice.stripe.com/i/1',
        }),
      ),
      ...normaliseStripeEvent(ev('customer.created', { id: 'cus_9' })),
      ...normaliseStripeEvent(
        ev('checkout.session.completed', {
          id: 'cs_3',
          mode: 'payment',
          payment_status: 'unpaid',
          client_reference_id: 'acc_1',
          amount_total: 100,
          currency: 'usd',
        }),
      ),
    ];
    expect(billingEventProblems(events)).toEqual([]);
    expect(events).toEqual([
      {
        type: 'checkout.completed',
        eventRef: 'evt_a',
        at: expect.any(Date),
        account: 'acc_1',
        customerRef: 'cus_1',
        subscriptionRef: 'sub_1',
        priceRef: PRICE,
      },
      {
        type: 'topup.paid',
        eventRef: 'evt_checkout.session.completed',
        at: new Date(at * 1000),
        account: 'acc_1',
        amountMinor: 2500,
        currency: 'eur',
        ref: 'pi_1',
      },
      {
        type: 'subscription.updated',
        eventRef: 'evt_customer.subscription.updated',
        at: new Date(at * 1000),
        subscriptionRef: 'sub_1',
        customerRef: 'cus_1',
        account: 'acc_1',
        status: 'past_due',
        priceRef: PRICE,
        currentPeriodEnd: new Date((at + 100) * 1000),
        cancelAtPeriodEnd: true,
      },
      {
        type: 'subscription.deleted',
        eventRef: 'evt_customer.subscription.deleted',
        at: new Date(at * 1000),
        subscriptionRef: 'sub_1',
        currentPeriodEnd: new Date((at + 100) * 1000),
      },
      {
        type: 'invoice.payment_failed',
        eventRef: 'evt_invoice.payment_failed',
        at: new Date(at * 1000),
        invoice: {
          ref: 'in_1',
          number: 'A-1',
          status: 'open',
          amountDue: 2900,
          amountPaid: 0,
          currency: 'usd',
          periodStart: new Date((at - 100) * 1000),
          periodEnd: new Date(at * 1000),
          hostedUrl: 'https://invoice.stripe.com/i/1',
          subscriptionRef: 'sub_1',
          customerRef: 'cus_1',
        },
      },
    ]);
  });
});

interface Harness {
  host: ReturnType<typeof createPluginHost>;
  id: string;
  fake: FakeStripe;
  events: BillingEvent[];
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

/** A host with one install and an HTTP receiver the fake sends its events to, as the API has. */
async function setup(): Promise<Harness> {
  const fake = await startFakeStripe({ secretKey, webhookSecret });
  const events: BillingEvent[] = [];
  let installId = '';
  let host: ReturnType<typeof createPluginHost>;
  const receiver: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = await host.receiveBillingWebhook(
      installId,
      {
        method: req.method ?? 'POST',
        headers: req.headers as Record<string, string>,
        query: {},
        rawBody: Buffer.concat(chunks),
      },
      async (got) => {
        events.push(...got);
      },
    );
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  fake.webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  host = createPluginHost({
    plugins: [plugin],
    logger: createTestLogger(),
    storage: createMemoryStorage(),
    secretKey: 'test-secret-key-0123456789',
    defaults: { retry: { attempts: 1 } },
  });
  const r = await host.createInstall({
    accountId: 'a',
    name: plugin.name,
    config: { secretKey, webhookSecret, baseUrl: fake.url },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  installId = r.install.id;
  open.push(fake, {
    close: async () => {
      await host.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  });
  return { host, id: installId, fake, events };
}

const checkoutInput = {
  account: 'acc_1',
  priceRef: PRICE,
  customerEmail: 'owner@example.com',
  successUrl: 'https://parley.example/pro?checkout=success',
  cancelUrl: 'https://parley.example/pro?checkout=cancel',
};

describe('billing-stripe against the fake Stripe', () => {
  it('checkout → subscription → change → cancel → invoices, with the events Stripe sends', async () => {
    const h = await setup();
    const out = await h.host.createCheckout(h.id, checkoutInput);
    expect(out.url).toBe(`${h.fake.url}/pay/${out.sessionRef}`);
    const sent = h.fake.requests.find((r) => r.path === '/v1/checkout/sessions');
    expect(sent?.headers.authorization).toBe(`Bearer ${secretKey}`);
    expect(sent?.headers['content-type']).toContain('application/x-www-form-urlencoded');
    const form = new URLSearchParams(sent?.body.toString());
    expect(form.get('mode')).toBe('subscription');
    expect(form.get('line_items[0][price]')).toBe(PRICE);
    expect(form.get('customer_email')).toBe('owner@example.com');

    expect(await h.fake.completeCheckout(out.sessionRef)).toEqual([200, 200]);
    const [completed, paid] = h.events;
    expect(completed).toMatchObject({ type: 'checkout.completed', account: 'acc_1', priceRef: PRICE });
    expect(paid).toMatchObject({ type: 'invoice.paid', invoice: { status: 'paid', amountPaid: 2900 } });
    const subscriptionRef = completed?.type === 'checkout.completed' ? completed.subscriptionRef : '';
    const customerRef = completed?.type === 'checkout.completed' ? completed.customerRef : '';

    await h.host.changeSubscription(h.id, {
      subscriptionRef: subscriptionRef ?? '',
      priceRef: 'price_business',
    });
    expect(h.fake.subscriptions.get(subscriptionRef ?? '')?.priceRef).toBe('price_business');
    await h.fake.idle();
    expect(h.events.at(-1)).toMatchObject({
      type: 'subscription.updated',
      priceRef: 'price_business',
      status: 'active',
    });

    await h.host.cancelSubscription(h.id, { subscriptionRef: subscriptionRef ?? '', atPeriodEnd: true });
    await h.fake.idle();
    expect(h.events.at(-1)).toMatchObject({ type: 'subscription.updated', cancelAtPeriodEnd: true });
    await h.host.cancelSubscription(h.id, { subscriptionRef: subscriptionRef ?? '', atPeriodEnd: false });
    await h.fake.idle();
    expect(h.events.at(-1)).toMatchObject({ type: 'subscription.deleted', subscriptionRef });
    expect(h.fake.requests.at(-1)?.method).toBe('DELETE');

    const invoices = await h.host.listInvoices(h.id, { customerRef: customerRef ?? '' });
    expect(invoices).toHaveLength(1);
    expect(invoices?.[0]).toMatchObject({ status: 'paid', amountDue: 2900, currency: 'usd' });
    expect(invoices?.[0]?.hostedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invoice\/1$/);
  });

  it('top-up checkout in payment mode yields topup.paid once paid', async () => {
    const h = await setup();
    const out = await h.host.createTopUpCheckout(h.id, {
      ...checkoutInput,
      amountMinor: 1500,
      currency: 'usd',
    });
    const form = new URLSearchParams(h.fake.requests.at(-1)?.body.toString());
    expect(form.get('mode')).toBe('payment');
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('1500');
    await h.fake.completeCheckout(out.sessionRef);
    expect(h.events).toEqual([
      expect.objectContaining({ type: 'topup.paid', account: 'acc_1', amountMinor: 1500, currency: 'usd' }),
    ]);
  });

  it('failed payment and deletion reach Parley as events', async () => {
    const h = await setup();
    const out = await h.host.createCheckout(h.id, checkoutInput);
    await h.fake.completeCheckout(out.sessionRef);
    const sub = [...h.fake.subscriptions.keys()][0] ?? '';
    await h.fake.failPayment(sub);
    await h.fake.deleteSubscription(sub);
    expect(h.events.map((e) => e.type)).toEqual([
      'checkout.completed',
      'invoice.paid',
      'invoice.payment_failed',
      'subscription.updated',
      'subscription.deleted',
    ]);
    expect(h.events[3]).toMatchObject({ status: 'past_due' });
  });

  it('refuses stale, tampered and unsigned deliveries with 400 and no events', async () => {
    const h = await setup();
    const object = checkoutEvent().data.object;
    expect(
      await h.fake.send('checkout.session.completed', object, {
        timestamp: Math.floor(Date.now() / 1000) - 600,
      }),
    ).toBe(400);
    const request = stripeWebhookRequest(webhookSecret, checkoutEvent());
    const tampered = await h.host.receiveBillingWebhook(
      h.id,
      { ...request, rawBody: Buffer.from(request.rawBody.toString().replace('acc_1', 'acc_2')) },
      async () => {
        throw new Error('must not be called');
      },
    );
    expect(tampered.status).toBe(400);
    const gate = await h.host.billingWebhookGate(h.id, { method: 'POST', headers: {}, query: {} });
    expect(gate.refused?.status).toBe(400);
    expect(h.events).toEqual([]);
  });

  it('answers 500 when Parley could not store the events, so Stripe retries', async () => {
    const h = await setup();
    const answer = await h.host.receiveBillingWebhook(
      h.id,
      stripeWebhookRequest(webhookSecret, checkoutEvent()),
      async () => {
        throw new Error('database down');
      },
    );
    expect(answer.status).toBe(500);
  });

  for (const [status, kind, retryable] of [
    [400, 'input', false],
    [401, 'auth', false],
    [429, 'provider', true],
    [500, 'provider', true],
  ] as const) {
    it(`maps HTTP ${status} from Stripe to a ${kind} PluginError`, async () => {
      const h = await setup();
      h.fake.failNext(status);
      const error = await h.host.createCheckout(h.id, checkoutInput).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind, retryable, plugin: 'billing-stripe', code: String(status) });
    });
  }

  it('refuses a wrong secret key as an auth error', async () => {
    const h = await setup();
    const fake2 = await startFakeStripe({ secretKey: 'sk_test_someoneelse000', webhookSecret });
    open.push(fake2);
    const r = await h.host.createInstall({
      accountId: 'a',
      name: plugin.name,
      config: { secretKey, webhookSecret, baseUrl: fake2.url },
    });
    if (!r.ok) throw new Error('install');
    const error = await h.host.createCheckout(r.install.id, checkoutInput).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
  });
});
