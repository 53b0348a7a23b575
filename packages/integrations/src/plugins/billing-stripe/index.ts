import type {
  BillingEvent,
  BillingInvoice,
  BillingSubscriptionStatus,
  WebhookHead,
  WebhookRequest,
} from '@parley/plugin-sdk';
import { definePlugin, httpUrl, PLUGIN_API_VERSION, PluginError, retryAfterOf } from '@parley/plugin-sdk';
import { z } from 'zod';
import { header, parseJson, trimSlash } from '../util.js';
import { verifyStripeSignature } from './signature.js';

/**
 * J6: billing through Stripe, in its documented REST shape: form-encoded bodies, `Authorization:
 * Bearer sk_…`, Checkout Sessions (mode `subscription` for a plan, `payment` for a call-balance
 * top-up), Subscriptions (change the price, cancel at period end, delete) and Invoices. Webhooks are
 * verified by `Stripe-Signature` (signature.ts) and normalised to the SDK's billing events.
 *
 * Parley's account id travels as the session's `client_reference_id` and as metadata on the
 * session, the subscription and the payment, so every later event names its account.
 */

const configSchema = z.object({
  secretKey: z
    .string()
    .trim()
    .regex(/^(sk|rk)_(test|live)_[0-9A-Za-z]{8,}$/, 'validation.invalid')
    .meta({ secret: true, title: 'Secret key (sk_live_… or sk_test_…)' }),
  webhookSecret: z
    .string()
    .trim()
    .regex(/^whsec_[0-9A-Za-z]{8,}$/, 'validation.invalid')
    .meta({ secret: true, title: 'Webhook signing secret (whsec_…)' }),
  baseUrl: httpUrl().default('https://api.stripe.com').meta({ title: 'API URL' }),
});

type Config = z.output<typeof configSchema>;
type Obj = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
/** An expandable Stripe field: an id, or the object with its id. */
const idOf = (v: unknown) => str(v) ?? (v && typeof v === 'object' ? str((v as Obj).id) : undefined);
const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
const date = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? new Date(v * 1000) : undefined);
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

/** Stripe's subscription statuses, in Parley's words. */
const STATUS: Record<string, BillingSubscriptionStatus> = {
  active: 'active',
  trialing: 'trialing',
  past_due: 'past_due',
  unpaid: 'unpaid',
  paused: 'unpaid',
  canceled: 'canceled',
  incomplete: 'incomplete',
  incomplete_expired: 'canceled',
};

/** A Stripe error answer (`{ error: { type, code, message } }`) → a PluginError of the right kind. */
async function stripeError(res: Response, what: string): Promise<PluginError> {
  const body = obj(await res.json().catch(() => ({})));
  const error = obj(body.error);
  const message = str(error.message) ?? `HTTP ${res.status}`;
  const auth = res.status === 401 || res.status === 403;
  const input = res.status === 400 || res.status === 402 || res.status === 404;
  const retryAfterMs = retryAfterOf(res);
  return new PluginError(`${what}: ${message}`, {
    kind: auth ? 'auth' : input ? 'input' : 'provider',
    code: str(error.code) ?? String(res.status),
    retryable: res.status === 429 || res.status >= 500,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** The price and period end of a subscription (older API versions keep the period on the subscription). */
function subscriptionFacts(sub: Obj) {
  const item = obj((obj(sub.items).data as unknown[] | undefined)?.[0]);
  return {
    priceRef: idOf(item.price),
    currentPeriodEnd: date(sub.current_period_end) ?? date(item.current_period_end),
  };
}

function invoiceOf(inv: Obj): BillingInvoice {
  const parent = obj(obj(inv.parent).subscription_details);
  const subscriptionRef = idOf(inv.subscription) ?? idOf(parent.subscription);
  const line = obj((obj(inv.lines).data as unknown[] | undefined)?.[0]);
  const period = obj(line.period);
  const out: BillingInvoice = {
    ref: str(inv.id) ?? '',
    status: str(inv.status) ?? 'open',
    amountDue: int(inv.amount_due) ?? 0,
    amountPaid: int(inv.amount_paid) ?? 0,
    currency: (str(inv.currency) ?? 'usd').toLowerCase(),
  };
  const number = str(inv.number);
  if (number) out.number = number;
  const periodStart = date(period.start) ?? date(inv.period_start);
  const periodEnd = date(period.end) ?? date(inv.period_end);
  if (periodStart) out.periodStart = periodStart;
  if (periodEnd) out.periodEnd = periodEnd;
  const hosted = str(inv.hosted_invoice_url);
  if (hosted && /^https?:\/\//.test(hosted)) out.hostedUrl = hosted;
  if (subscriptionRef) out.subscriptionRef = subscriptionRef;
  const customerRef = idOf(inv.customer);
  if (customerRef) out.customerRef = customerRef;
  return out;
}

/** One Stripe event → Parley's billing events (none for types Parley does not use). */
export function normaliseStripeEvent(event: Obj): BillingEvent[] {
  const eventRef = str(event.id);
  const type = str(event.type);
  const o = obj(obj(event.data).object);
  if (!eventRef || !type) return [];
  const at = date(event.created) ?? new Date();
  const meta = obj(o.metadata);
  const account = str(meta.parley_account);
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const acc = str(o.client_reference_id) ?? account;
      if (!acc) return [];
      const customerRef = idOf(o.customer);
      if (o.mode === 'payment') {
        // A top-up: credited when the money is in (`paid`; an async method settles later).
        if (o.payment_status !== 'paid') return [];
        const amountMinor = int(o.amount_total);
        const currency = str(o.currency)?.toLowerCase();
        const ref = idOf(o.payment_intent) ?? str(o.id);
        if (!amountMinor || !currency || !ref) return [];
        return [{ type: 'topup.paid', eventRef, at, account: acc, amountMinor, currency, ref }];
      }
      if (type !== 'checkout.session.completed') return [];
      const subscriptionRef = idOf(o.subscription);
      if (!subscriptionRef) return [];
      const priceRef = str(meta.parley_price);
      return [
        {
          type: 'checkout.completed',
          eventRef,
          at,
          account: acc,
          subscriptionRef,
          ...(customerRef ? { customerRef } : {}),
          ...(priceRef ? { priceRef } : {}),
        },
      ];
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated': {
      const subscriptionRef = str(o.id);
      const status = STATUS[str(o.status) ?? ''];
      if (!subscriptionRef || !status) return [];
      const { priceRef, currentPeriodEnd } = subscriptionFacts(o);
      const customerRef = idOf(o.customer);
      return [
        {
          type: 'subscription.updated',
          eventRef,
          at,
          subscriptionRef,
          status,
          cancelAtPeriodEnd: o.cancel_at_period_end === true,
          ...(customerRef ? { customerRef } : {}),
          ...(account ? { account } : {}),
          ...(priceRef ? { priceRef } : {}),
          ...(currentPeriodEnd ? { currentPeriodEnd } : {}),
        },
      ];
    }
    case 'customer.subscription.deleted': {
      const subscriptionRef = str(o.id);
      if (!subscriptionRef) return [];
      const { currentPeriodEnd } = subscriptionFacts(o);
      const customerRef = idOf(o.customer);
      return [
        {
          type: 'subscription.deleted',
          eventRef,
          at,
          subscriptionRef,
          ...(customerRef ? { customerRef } : {}),
          ...(account ? { account } : {}),
          ...(currentPeriodEnd ? { currentPeriodEnd } : {}),
        },
      ];
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = invoiceOf(o);
      if (!invoice.ref) return [];
      return [{ type, eventRef, at, invoice }];
    }
    default:
      return [];
  }
}

export default definePlugin({
  name: 'billing-stripe',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'Stripe Billing',
  description:
    'Plans paid through Stripe Checkout and Subscriptions, call-balance top-ups, invoices, and signed webhooks that change the plan.',
  configSchema,
  urlFields: ['baseUrl'],
  capabilities: ['billing'],
  setup(ctx) {
    const c: Config = ctx.config;
    const api = `${trimSlash(c.baseUrl)}/v1`;
    const auth = `Bearer ${c.secretKey}`;

    async function call(method: string, path: string, what: string, form?: URLSearchParams): Promise<Obj> {
      const res = await ctx.fetch(`${api}${path}`, {
        method,
        headers: {
          authorization: auth,
          accept: 'application/json',
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: form } : {}),
      });
      if (!res.ok) throw await stripeError(res, what);
      try {
        return obj(await res.json());
      } catch (error) {
        throw new PluginError(`${what}: invalid JSON from Stripe`, { kind: 'provider', cause: error });
      }
    }

    function session(out: Obj, what: string) {
      const url = str(out.url);
      const sessionRef = str(out.id);
      if (!url || !sessionRef)
        throw new PluginError(`${what}: Stripe answered without a session url`, { kind: 'provider' });
      return { url, sessionRef };
    }

    const customerFields = (
      form: URLSearchParams,
      input: { customerRef?: string; customerEmail: string },
    ) => {
      if (input.customerRef) form.set('customer', input.customerRef);
      else form.set('customer_email', input.customerEmail);
    };

    return {
      billing: {
        webhookMaxBytes: 256 * 1024,
        precheckWebhook(head: WebhookHead) {
          if (head.method !== 'POST') return { status: 405 };
          if (!header(head, 'stripe-signature')) return { status: 400, body: 'missing Stripe-Signature' };
          return undefined;
        },
        async createCheckout(input) {
          const form = new URLSearchParams({
            mode: 'subscription',
            'line_items[0][price]': input.priceRef,
            'line_items[0][quantity]': '1',
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            client_reference_id: input.account,
            'metadata[parley_account]': input.account,
            'metadata[parley_price]': input.priceRef,
            'subscription_data[metadata][parley_account]': input.account,
          });
          customerFields(form, input);
          return session(
            await call('POST', '/checkout/sessions', 'Stripe checkout', form),
            'Stripe checkout',
          );
        },
        async createTopUpCheckout(input) {
          const form = new URLSearchParams({
            mode: 'payment',
            'line_items[0][price_data][currency]': input.currency.toLowerCase(),
            'line_items[0][price_data][unit_amount]': String(input.amountMinor),
            'line_items[0][price_data][product_data][name]': input.description ?? 'Call balance top-up',
            'line_items[0][quantity]': '1',
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            client_reference_id: input.account,
            'metadata[parley_account]': input.account,
            'metadata[parley_kind]': 'topup',
            'payment_intent_data[metadata][parley_account]': input.account,
          });
          customerFields(form, input);
          return session(
            await call('POST', '/checkout/sessions', 'Stripe top-up checkout', form),
            'Stripe top-up checkout',
          );
        },
        async changeSubscription({ subscriptionRef, priceRef }) {
          const path = `/subscriptions/${encodeURIComponent(subscriptionRef)}`;
          const sub = await call('GET', path, 'Stripe subscription');
          const item = idOf((obj(sub.items).data as unknown[] | undefined)?.[0]);
          if (!item)
            throw new PluginError('Stripe subscription has no item to change', {
              kind: 'input',
              retryable: false,
            });
          await call(
            'POST',
            path,
            'Stripe subscription change',
            new URLSearchParams({
              'items[0][id]': item,
              'items[0][price]': priceRef,
              proration_behavior: 'create_prorations',
              cancel_at_period_end: 'false',
            }),
          );
        },
        async cancelSubscription({ subscriptionRef, atPeriodEnd }) {
          const path = `/subscriptions/${encodeURIComponent(subscriptionRef)}`;
          if (atPeriodEnd)
            await call(
              'POST',
              path,
              'Stripe cancellation',
              new URLSearchParams({ cancel_at_period_end: 'true' }),
            );
          else await call('DELETE', path, 'Stripe cancellation');
        },
        async listInvoices({ customerRef, limit }) {
          const q = new URLSearchParams({ customer: customerRef, limit: String(Math.min(limit ?? 24, 100)) });
          const out = await call('GET', `/invoices?${q}`, 'Stripe invoices');
          const data = Array.isArray(out.data) ? out.data : [];
          return data.map((i) => invoiceOf(obj(i))).filter((i) => i.ref);
        },
        async webhook(request: WebhookRequest) {
          const refuse = (status: number, body: string) => ({
            response: { status, headers: { 'content-type': 'text/plain' }, body },
            events: [] as BillingEvent[],
          });
          if (request.method !== 'POST') return refuse(405, 'POST only');
          const check = verifyStripeSignature(
            c.webhookSecret,
            request.rawBody,
            header(request, 'stripe-signature'),
          );
          if (!check.ok) {
            ctx.logger.warn({ reason: check.reason }, 'Stripe webhook refused');
            return refuse(400, `signature ${check.reason}`);
          }
          const event = parseJson(request.rawBody);
          if (!event || typeof event !== 'object') return refuse(400, 'not a Stripe event');
          return {
            response: {
              status: 200,
              headers: { 'content-type': 'application/json' },
              body: '{"received":true}',
            },
            events: normaliseStripeEvent(event as Obj),
          };
        },
      },
    };
  },
});
