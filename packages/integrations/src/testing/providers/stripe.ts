import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { WebhookRequest } from '@parley/plugin-sdk';
import { stripeSignature } from '../../plugins/billing-stripe/signature.js';
import { type FakeServer, type RecordedRequest, sendJson, startServer } from './server.js';

export { stripeSignature };

/**
 * A local fake of Stripe's API in its documented shape (form-encoded bodies, `Authorization: Bearer
 * sk_…`, errors as `{ error: { type, code, message } }`): Checkout Sessions, Subscriptions, Invoices.
 * It plays the buyer and Stripe's webhook sender too: each session's `url` is a tiny HTML page with a
 * Pay button; paying it (or `completeCheckout`) makes the customer, subscription and invoice and
 * sends the signed events (`Stripe-Signature`) Stripe would to `webhookUrl`.
 */
export interface FakeStripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Where events are sent (Parley's `/hooks/<installId>`); settable later on the fake. */
  webhookUrl?: string;
}

type Obj = Record<string, unknown>;

export interface FakeSession {
  id: string;
  mode: 'subscription' | 'payment';
  url: string;
  status: 'open' | 'complete';
  clientReferenceId?: string;
  customer?: string;
  customerEmail?: string;
  priceRef?: string;
  amount?: number;
  currency?: string;
  successUrl: string;
  cancelUrl: string;
  metadata: Record<string, string>;
  subscription?: string;
  paymentIntent?: string;
}

export interface FakeSubscription {
  id: string;
  customer: string;
  priceRef: string;
  itemId: string;
  status: string;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: number;
  metadata: Record<string, string>;
}

export interface FakeStripe extends FakeServer {
  webhookUrl: string | undefined;
  sessions: Map<string, FakeSession>;
  subscriptions: Map<string, FakeSubscription>;
  invoices: Obj[];
  /** Every event sent, with the answer it got. */
  sent: { event: Obj; status: number }[];
  /** The next `times` API requests answer `status` (400/401/429/500...). */
  failNext(status: number, times?: number): void;
  /** The buyer pays the session: what the Pay button does. Returns the webhook answers. */
  completeCheckout(sessionId: string): Promise<number[]>;
  /** The subscription's next invoice is paid (renewal) or its payment fails. */
  payInvoice(subscriptionId: string): Promise<number[]>;
  failPayment(subscriptionId: string): Promise<number[]>;
  /** Stripe deletes the subscription (e.g. after its final failed retry). */
  deleteSubscription(subscriptionId: string): Promise<number[]>;
  /** Send one event (signed; `timestamp` lets a test send a stale one). Answers its status. */
  send(type: string, object: Obj, options?: { timestamp?: number; id?: string }): Promise<number>;
  /** Deliver the last sent event again (same id), as Stripe's retries do. */
  redeliverLast(): Promise<number>;
  /**
   * Events that API calls cause (a subscription changed or deleted) go out after the answer, as
   * Stripe's do: this resolves once they were delivered.
   */
  idle(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);
const MONTH = 30 * 24 * 3600;

function stripeError(res: ServerResponse, status: number, message: string, code?: string) {
  if (status === 429) res.setHeader('retry-after', '1');
  sendJson(res, status, {
    error: {
      type: status === 402 ? 'card_error' : status >= 500 ? 'api_error' : 'invalid_request_error',
      message,
      ...(code ? { code } : {}),
    },
  });
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export async function startFakeStripe(options: FakeStripeOptions): Promise<FakeStripe> {
  const sessions = new Map<string, FakeSession>();
  const subscriptions = new Map<string, FakeSubscription>();
  const invoices: Obj[] = [];
  const sent: FakeStripe['sent'] = [];
  let failing: { status: number; times: number } | null = null;
  let base = '';
  let last: { event: Obj; timestamp?: number } | undefined;

  const subscriptionObject = (s: FakeSubscription): Obj => ({
    id: s.id,
    object: 'subscription',
    customer: s.customer,
    status: s.status,
    cancel_at_period_end: s.cancelAtPeriodEnd,
    current_period_end: s.currentPeriodEnd,
    metadata: s.metadata,
    items: {
      object: 'list',
      data: [{ id: s.itemId, price: { id: s.priceRef }, current_period_end: s.currentPeriodEnd }],
    },
  });

  const sessionObject = (s: FakeSession): Obj => ({
    id: s.id,
    object: 'checkout.session',
    mode: s.mode,
    url: s.status === 'open' ? s.url : null,
    status: s.status,
    payment_status: s.status === 'complete' ? 'paid' : 'unpaid',
    client_reference_id: s.clientReferenceId ?? null,
    customer: s.customer ?? null,
    customer_email: s.customerEmail ?? null,
    subscription: s.subscription ?? null,
    payment_intent: s.paymentIntent ?? null,
    amount_total: s.amount ?? null,
    currency: s.currency ?? null,
    metadata: s.metadata,
    success_url: s.successUrl,
    cancel_url: s.cancelUrl,
  });

  const pending = new Set<Promise<unknown>>();
  /** Send after the answer went out; a failed delivery is recorded, never thrown. */
  function later(fn: () => Promise<number>) {
    const p = new Promise((resolve) => setImmediate(resolve))
      .then(fn)
      .catch((error: unknown) => sent.push({ event: { error: String(error) }, status: 0 }))
      .finally(() => pending.delete(p));
    pending.add(p);
  }

  async function deliver(event: Obj, timestamp?: number): Promise<number> {
    last = { event, ...(timestamp === undefined ? {} : { timestamp }) };
    if (!fake.webhookUrl) throw new Error('the fake Stripe has no webhookUrl to send events to');
    const payload = JSON.stringify(event);
    const res = await fetch(fake.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': stripeSignature(options.webhookSecret, payload, timestamp ?? now()),
      },
      body: payload,
    });
    await res.text();
    sent.push({ event, status: res.status });
    return res.status;
  }

  const send: FakeStripe['send'] = (type, object, o = {}) =>
    deliver({ id: o.id ?? id('evt'), object: 'event', type, created: now(), data: { object } }, o.timestamp);

  function newInvoice(sub: FakeSubscription, paid: boolean): Obj {
    const start = sub.currentPeriodEnd - MONTH;
    const amount = 2900;
    const inv: Obj = {
      id: id('in'),
      object: 'invoice',
      number: `FAKE-${String(invoices.length + 1).padStart(4, '0')}`,
      customer: sub.customer,
      subscription: sub.id,
      status: paid ? 'paid' : 'open',
      amount_due: amount,
      amount_paid: paid ? amount : 0,
      currency: 'usd',
      period_start: start,
      period_end: sub.currentPeriodEnd,
      hosted_invoice_url: `${base}/invoice/${invoices.length + 1}`,
    };
    invoices.push(inv);
    return inv;
  }

  async function handler(req: RecordedRequest, res: ServerResponse) {
    // The buyer's side: the hosted checkout page and its Pay button (no API key).
    const pay = req.path.match(/^\/pay\/([\w]+)$/);
    if (pay) {
      const session = sessions.get(pay[1] ?? '');
      if (!session) return stripeError(res, 404, 'No such checkout session');
      if (req.method === 'GET') {
        const what =
          session.mode === 'payment'
            ? `${(session.amount ?? 0) / 100} ${(session.currency ?? '').toUpperCase()}`
            : `subscription ${session.priceRef ?? ''}`;
        const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Stripe Checkout</title></head><body><main><h1>Fake Stripe Checkout</h1><p>Pay ${escapeHtml(what)}</p><form method="post"><button type="submit">Pay</button></form><a href="${escapeHtml(session.cancelUrl)}">Cancel</a></main></body></html>`;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
        return;
      }
      if (req.method === 'POST') {
        if (session.status === 'open') await fake.completeCheckout(session.id);
        res.writeHead(303, { location: session.successUrl });
        res.end();
        return;
      }
    }
    if (req.path.startsWith('/invoice/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Invoice</title><h1>Invoice</h1>');
      return;
    }
    if (failing && failing.times > 0) {
      failing.times--;
      return stripeError(res, failing.status, 'simulated failure');
    }
    if (req.headers.authorization !== `Bearer ${options.secretKey}`)
      return stripeError(res, 401, 'Invalid API Key provided');
    const form = new URLSearchParams(req.body.toString('utf8'));
    const meta = (prefix: string) => {
      const out: Record<string, string> = {};
      for (const [k, v] of form) {
        const m = k.match(new RegExp(`^${prefix.replace(/[[\]]/g, '\\$&')}\\[([^\\]]+)\\]$`));
        if (m?.[1]) out[m[1]] = v;
      }
      return out;
    };

    if (req.method === 'POST' && req.path === '/v1/checkout/sessions') {
      const mode = form.get('mode');
      const successUrl = form.get('success_url');
      const cancelUrl = form.get('cancel_url');
      if (mode !== 'subscription' && mode !== 'payment')
        return stripeError(res, 400, 'Invalid mode', 'parameter_invalid_empty');
      if (!successUrl || !cancelUrl) return stripeError(res, 400, 'Missing required param: success_url');
      const sid = id('cs_test');
      const session: FakeSession = {
        id: sid,
        mode,
        url: `${base}/pay/${sid}`,
        status: 'open',
        successUrl: successUrl.replace('{CHECKOUT_SESSION_ID}', sid),
        cancelUrl,
        metadata: meta('metadata'),
      };
      const ref = form.get('client_reference_id');
      if (ref) session.clientReferenceId = ref;
      const customer = form.get('customer');
      if (customer) session.customer = customer;
      const email = form.get('customer_email');
      if (email) session.customerEmail = email;
      if (mode === 'subscription') {
        const price = form.get('line_items[0][price]');
        if (!price?.startsWith('price_'))
          return stripeError(res, 400, `No such price: '${price ?? ''}'`, 'resource_missing');
        session.priceRef = price;
      } else {
        const amount = Number(form.get('line_items[0][price_data][unit_amount]'));
        const currency = form.get('line_items[0][price_data][currency]');
        if (!Number.isInteger(amount) || amount < 50)
          return stripeError(res, 400, 'Amount must be at least 50 cents', 'amount_too_small');
        if (!currency || !/^[a-z]{3}$/.test(currency)) return stripeError(res, 400, 'Invalid currency');
        session.amount = amount;
        session.currency = currency;
      }
      sessions.set(sid, session);
      return sendJson(res, 200, sessionObject(session));
    }
    const subPath = req.path.match(/^\/v1\/subscriptions\/([\w]+)$/);
    if (subPath) {
      const sub = subscriptions.get(subPath[1] ?? '');
      if (!sub) return stripeError(res, 404, `No such subscription: '${subPath[1]}'`, 'resource_missing');
      if (req.method === 'GET') return sendJson(res, 200, subscriptionObject(sub));
      if (req.method === 'DELETE') {
        sub.status = 'canceled';
        sendJson(res, 200, subscriptionObject(sub));
        if (fake.webhookUrl) later(() => send('customer.subscription.deleted', subscriptionObject(sub)));
        return;
      }
      if (req.method === 'POST') {
        if (sub.status === 'canceled')
          return stripeError(res, 400, 'A canceled subscription can only update its metadata');
        const item = form.get('items[0][id]');
        const price = form.get('items[0][price]');
        if (price) {
          if (item !== sub.itemId)
            return stripeError(res, 400, 'No such subscription item', 'resource_missing');
          if (!price.startsWith('price_')) return stripeError(res, 400, `No such price: '${price}'`);
          sub.priceRef = price;
        }
        const cancel = form.get('cancel_at_period_end');
        if (cancel !== null) sub.cancelAtPeriodEnd = cancel === 'true';
        sendJson(res, 200, subscriptionObject(sub));
        if (fake.webhookUrl) later(() => send('customer.subscription.updated', subscriptionObject(sub)));
        return;
      }
    }
    if (req.method === 'GET' && req.path === '/v1/invoices') {
      const customer = req.query.get('customer');
      const limit = Number(req.query.get('limit') ?? 10);
      const data = invoices
        .filter((i) => !customer || i.customer === customer)
        .slice(-limit)
        .reverse();
      return sendJson(res, 200, { object: 'list', data, has_more: false, url: '/v1/invoices' });
    }
    return stripeError(res, 404, `Unrecognized request URL (${req.method}: ${req.path})`);
  }

  const server = await startServer(handler);
  base = server.url;

  const fake: FakeStripe = {
    ...server,
    webhookUrl: options.webhookUrl,
    sessions,
    subscriptions,
    invoices,
    sent,
    failNext(status, times = 1) {
      failing = { status, times };
    },
    send,
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
    async redeliverLast() {
      if (!last) throw new Error('nothing sent yet');
      return deliver(last.event, last.timestamp);
    },
    async completeCheckout(sessionId) {
      const session = sessions.get(sessionId);
      if (session?.status !== 'open') throw new Error(`no open session ${sessionId}`);
      session.status = 'complete';
      session.customer ??= id('cus');
      const answers: number[] = [];
      if (session.mode === 'subscription') {
        const sub: FakeSubscription = {
          id: id('sub'),
          customer: session.customer,
          priceRef: session.priceRef ?? '',
          itemId: id('si'),
          status: 'active',
          cancelAtPeriodEnd: false,
          currentPeriodEnd: now() + MONTH,
          metadata: session.clientReferenceId ? { parley_account: session.clientReferenceId } : {},
        };
        subscriptions.set(sub.id, sub);
        session.subscription = sub.id;
        answers.push(await send('checkout.session.completed', sessionObject(session)));
        answers.push(await send('invoice.paid', newInvoice(sub, true)));
      } else {
        session.paymentIntent = id('pi');
        answers.push(await send('checkout.session.completed', sessionObject(session)));
      }
      return answers;
    },
    async payInvoice(subscriptionId) {
      const sub = subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      sub.status = 'active';
      sub.currentPeriodEnd += MONTH;
      return [
        await send('invoice.paid', newInvoice(sub, true)),
        await send('customer.subscription.updated', subscriptionObject(sub)),
      ];
    },
    async failPayment(subscriptionId) {
      const sub = subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      sub.status = 'past_due';
      return [
        await send('invoice.payment_failed', newInvoice(sub, false)),
        await send('customer.subscription.updated', subscriptionObject(sub)),
      ];
    },
    async deleteSubscription(subscriptionId) {
      const sub = subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      sub.status = 'canceled';
      return [await send('customer.subscription.deleted', subscriptionObject(sub))];
    },
  };
  return fake;
}

/** A signed Stripe event as the plugin receives it (for unit tests without HTTP). */
export function stripeWebhookRequest(
  webhookSecret: string,
  event: Obj,
  timestamp = Math.floor(Date.now() / 1000),
): WebhookRequest {
  const payload = JSON.stringify(event);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': stripeSignature(webhookSecret, payload, timestamp),
    },
    query: {},
    rawBody: Buffer.from(payload),
  };
}
