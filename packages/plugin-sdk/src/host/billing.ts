import {
  BILLING_SUBSCRIPTION_STATUSES,
  type BillingCapability,
  type BillingCheckoutInput,
  type BillingEvent,
  type BillingInvoice,
  type BillingTopUpInput,
  type Logger,
  type WebhookHead,
  type WebhookRequest,
  type WebhookResponse,
} from '../types.js';
import type { GuardedInstall } from './state.js';

/** Provider events are small JSON documents; the body is read before the signature is checked. */
const DEFAULT_WEBHOOK_MAX_BYTES = 256 * 1024;

const validDate = (v: unknown) => v instanceof Date && !Number.isNaN(v.getTime());
const ref = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 255;
const optRef = (v: unknown) => v === undefined || ref(v);
const minor = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const currency = (v: unknown) => typeof v === 'string' && /^[a-z]{3}$/.test(v);
const httpsOrHttp = (v: unknown) => {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
};

export function invoiceProblems(invoice: unknown, at = 'invoice'): string[] {
  const i = invoice as Partial<BillingInvoice> | null;
  if (!i || typeof i !== 'object') return [`${at} must be an object`];
  const problems: string[] = [];
  if (!ref(i.ref)) problems.push(`${at}.ref must be a non-empty string`);
  if (!ref(i.status)) problems.push(`${at}.status must be a non-empty string`);
  if (!minor(i.amountDue)) problems.push(`${at}.amountDue must be a whole number ≥ 0 (minor units)`);
  if (!minor(i.amountPaid)) problems.push(`${at}.amountPaid must be a whole number ≥ 0 (minor units)`);
  if (!currency(i.currency)) problems.push(`${at}.currency must be a lower-case ISO 4217 code`);
  for (const k of ['periodStart', 'periodEnd'] as const)
    if (i[k] !== undefined && !validDate(i[k])) problems.push(`${at}.${k} must be a valid Date`);
  if (i.hostedUrl !== undefined && !httpsOrHttp(i.hostedUrl))
    problems.push(`${at}.hostedUrl must be an http(s) URL`);
  for (const k of ['number', 'subscriptionRef', 'customerRef'] as const)
    if (!optRef(i[k])) problems.push(`${at}.${k} must be a non-empty string when given`);
  return problems;
}

/**
 * What is wrong with the billing events a plugin handed over, so a malformed one is refused as the
 * plugin's fault (named) instead of changing an account's plan with half the facts.
 */
export function billingEventProblems(events: unknown): string[] {
  if (!Array.isArray(events)) return ['events must be an array'];
  const problems: string[] = [];
  events.forEach((event, n) => {
    const e = event as Record<string, unknown> | null;
    const at = `events[${n}]`;
    if (!e || typeof e !== 'object') {
      problems.push(`${at} must be an object`);
      return;
    }
    if (!ref(e.eventRef)) problems.push(`${at}.eventRef must be the provider's event id`);
    if (!validDate(e.at)) problems.push(`${at}.at must be a valid Date`);
    switch (e.type) {
      case 'checkout.completed': {
        if (!ref(e.account)) problems.push(`${at}.account must be the account given at checkout`);
        for (const k of ['customerRef', 'subscriptionRef', 'priceRef'])
          if (!optRef(e[k])) problems.push(`${at}.${k} must be a non-empty string when given`);
        const t = e.topUp as Record<string, unknown> | undefined;
        if (t !== undefined && !(t && minor(t.amountMinor) && currency(t.currency) && ref(t.ref)))
          problems.push(`${at}.topUp must be { amountMinor, currency, ref }`);
        if (!e.subscriptionRef && !t) problems.push(`${at} needs a subscriptionRef or a topUp`);
        break;
      }
      case 'subscription.updated':
        if (!ref(e.subscriptionRef)) problems.push(`${at}.subscriptionRef must be a non-empty string`);
        if (!BILLING_SUBSCRIPTION_STATUSES.includes(e.status as never))
          problems.push(`${at}.status must be one of ${BILLING_SUBSCRIPTION_STATUSES.join(', ')}`);
        if (typeof e.cancelAtPeriodEnd !== 'boolean')
          problems.push(`${at}.cancelAtPeriodEnd must be a boolean`);
        if (e.currentPeriodEnd !== undefined && !validDate(e.currentPeriodEnd))
          problems.push(`${at}.currentPeriodEnd must be a valid Date`);
        for (const k of ['customerRef', 'priceRef', 'account'])
          if (!optRef(e[k])) problems.push(`${at}.${k} must be a non-empty string when given`);
        break;
      case 'subscription.deleted':
        if (!ref(e.subscriptionRef)) problems.push(`${at}.subscriptionRef must be a non-empty string`);
        if (e.currentPeriodEnd !== undefined && !validDate(e.currentPeriodEnd))
          problems.push(`${at}.currentPeriodEnd must be a valid Date`);
        break;
      case 'invoice.paid':
      case 'invoice.payment_failed':
        problems.push(...invoiceProblems(e.invoice, `${at}.invoice`));
        break;
      case 'topup.paid':
        if (!ref(e.account)) problems.push(`${at}.account must be a non-empty string`);
        if (!minor(e.amountMinor) || e.amountMinor === 0)
          problems.push(`${at}.amountMinor must be a whole number > 0`);
        if (!currency(e.currency)) problems.push(`${at}.currency must be a lower-case ISO 4217 code`);
        if (!ref(e.ref)) problems.push(`${at}.ref must be the provider's payment id`);
        break;
      default:
        problems.push(
          `${at}.type must be one of checkout.completed, subscription.updated, subscription.deleted, invoice.paid, invoice.payment_failed, topup.paid`,
        );
    }
  });
  return problems;
}

function checkoutProblems(result: unknown): string[] {
  const r = result as { url?: unknown; sessionRef?: unknown } | null;
  if (!r || typeof r !== 'object') return ['must return { url, sessionRef }'];
  const problems: string[] = [];
  if (!httpsOrHttp(r.url)) problems.push('url must be the provider’s http(s) checkout page');
  if (!ref(r.sessionRef)) problems.push('sessionRef must be the provider’s id of the checkout');
  return problems;
}

export interface BillingOptions {
  logger: Logger;
  use: (id: string) => Promise<GuardedInstall>;
  billingOf: (id: string) => Promise<BillingCapability>;
  refuse: (id: string, pluginName: string, what: string, problems: string[]) => Promise<void>;
}

/**
 * The host side of the billing capability: every call goes through the guarded capability (deadline,
 * health, an isolated plugin's worker) and every result is checked before Parley acts on it.
 */
export function createBilling(options: BillingOptions) {
  const { logger, use, billingOf, refuse } = options;
  const nameOf = async (id: string) => (await use(id)).plugin.name;

  async function webhookGate(
    id: string,
    head: WebhookHead,
  ): Promise<{ maxBytes: number; refused: WebhookResponse | undefined }> {
    const billing = await billingOf(id);
    return {
      maxBytes: billing.webhookMaxBytes ?? DEFAULT_WEBHOOK_MAX_BYTES,
      refused: await billing.precheckWebhook?.(head),
    };
  }

  /**
   * A provider's webhook: the plugin verifies and normalises it, `apply` stores the events (each
   * once), and only then the answer goes back; a provider that gets a 5xx sends the event again.
   */
  async function receiveWebhook(
    id: string,
    request: WebhookRequest,
    apply: (events: BillingEvent[]) => Promise<void>,
  ): Promise<WebhookResponse> {
    const billing = await billingOf(id);
    const result = await billing.webhook(request);
    const events = result?.events ?? [];
    await refuse(
      id,
      await nameOf(id),
      'billing.webhook returned invalid events',
      billingEventProblems(events),
    );
    if (events.length) {
      try {
        await apply(events);
      } catch (error) {
        logger.error(
          { err: error, installId: id },
          'applying billing events failed; the provider will retry',
        );
        return { status: 500, body: 'not stored, please retry' };
      }
    }
    return result?.response ?? { status: 200 };
  }

  async function createCheckout(id: string, input: BillingCheckoutInput) {
    const billing = await billingOf(id);
    const result = await billing.createCheckout(input);
    await refuse(
      id,
      await nameOf(id),
      'billing.createCheckout returned no checkout',
      checkoutProblems(result),
    );
    return { url: result.url, sessionRef: result.sessionRef };
  }

  async function createTopUpCheckout(id: string, input: BillingTopUpInput) {
    const billing = await billingOf(id);
    const result = await billing.createTopUpCheckout(input);
    await refuse(
      id,
      await nameOf(id),
      'billing.createTopUpCheckout returned no checkout',
      checkoutProblems(result),
    );
    return { url: result.url, sessionRef: result.sessionRef };
  }

  async function changeSubscription(id: string, input: { subscriptionRef: string; priceRef: string }) {
    await (await billingOf(id)).changeSubscription(input);
  }

  async function cancelSubscription(id: string, input: { subscriptionRef: string; atPeriodEnd: boolean }) {
    await (await billingOf(id)).cancelSubscription(input);
  }

  /** The customer's invoices, or null when the plugin cannot list them. */
  async function listInvoices(id: string, input: { customerRef: string; limit?: number }) {
    const billing = await billingOf(id);
    if (!billing.listInvoices) return null;
    const name = await nameOf(id);
    const list = await billing.listInvoices(input);
    if (!Array.isArray(list)) {
      await refuse(id, name, 'billing.listInvoices returned invalid invoices', ['must return an array']);
      return [];
    }
    await refuse(
      id,
      name,
      'billing.listInvoices returned invalid invoices',
      list.flatMap((inv, n) => invoiceProblems(inv, `invoices[${n}]`)),
    );
    return list;
  }

  return {
    webhookGate,
    receiveWebhook,
    createCheckout,
    createTopUpCheckout,
    changeSubscription,
    cancelSubscription,
    listInvoices,
  };
}
