import type { Db } from '@parley/db';
import { PluginError, type PluginHost } from '@parley/integrations';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import { type AuditEntry, audit } from '../audit';
import { MAX_TOP_UP } from '../calls/balance';
import { findBillingInstall } from './install';

/**
 * J6, the owner's side of billing: checkout for a plan, a plan change or cancellation of the running
 * subscription, a paid call-balance top-up, and the invoices. The plan itself changes only when the
 * provider's signed webhook says so (apply.ts): nothing here sets it.
 */
export interface BillingDeps {
  /** The caller's account-scoped client. */
  db: Db;
  systemDb: Db;
  plugins: PluginHost;
  logger: Logger;
  config: { publicUrl: string | undefined };
}

export interface BillingActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

/** The smallest top-up (Stripe refuses charges under 0.50 of most currencies). */
export const MIN_TOP_UP = 100;

const unavailable = () =>
  new AppError('bad_request', 'billing.unavailable', 'Billing is not set up on this server');

async function installOrThrow(deps: BillingDeps) {
  const install = await findBillingInstall(deps);
  if (!install) throw unavailable();
  return install;
}

/** A provider refusal in front of the owner: the reason, never the provider's body (it goes to the log). */
function providerFailed(deps: BillingDeps, err: unknown, install: { id: string; name: string }): AppError {
  const e = PluginError.from(err, { plugin: install.name, installId: install.id });
  deps.logger.warn({ err: e }, e.summary().slice(0, 2000));
  return new AppError('bad_request', 'billing.provider_failed', e.publicReason());
}

/** Where the provider sends the owner back: a path of this console only (never another site). */
function returnUrl(deps: BillingDeps, path: string | undefined, outcome: 'success' | 'cancel'): string {
  if (!deps.config.publicUrl)
    throw new AppError(
      'bad_request',
      'billing.no_public_url',
      'Set PUBLIC_URL so the provider can send you back',
    );
  const safe = path && /^\/(?!\/)[\w\-/]*$/.test(path) ? path : '/';
  return `${deps.config.publicUrl}${safe}?checkout=${outcome}`;
}

/** What every checkout (a plan, a call-balance top-up) sends the provider besides its own fields. */
interface TCheckoutCommon {
  account: string;
  customerEmail: string;
  customerRef?: string;
  successUrl: string;
  cancelUrl: string;
}

/**
 * Opens a provider checkout page for the owner: their email and known customer, the return URLs of
 * this console, a provider refusal told without its body, and an audit line naming the session.
 */
async function providerCheckout(
  deps: BillingDeps,
  actor: BillingActor,
  at: {
    install: { id: string; name: string };
    account: { billingCustomerRef: string | null };
    returnPath: string | undefined;
  },
  open: (common: TCheckoutCommon) => Promise<{ url: string; sessionRef: string }>,
  entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'data'>,
): Promise<{ url: string }> {
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true } });
  let out: { url: string; sessionRef: string };
  try {
    out = await open({
      account: actor.accountId,
      customerEmail: user.email,
      ...(at.account.billingCustomerRef ? { customerRef: at.account.billingCustomerRef } : {}),
      successUrl: returnUrl(deps, at.returnPath, 'success'),
      cancelUrl: returnUrl(deps, at.returnPath, 'cancel'),
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw providerFailed(deps, err, at.install);
  }
  await audit(deps.db, {
    ...entry,
    accountId: actor.accountId,
    actorUserId: actor.userId,
    data: { ...entry.data, session: out.sessionRef },
    ip: actor.ip,
  });
  return { url: out.url };
}

async function accountRow(deps: BillingDeps, accountId: string) {
  const account = await deps.db.account.findUnique({
    where: { id: accountId },
    select: {
      id: true,
      planId: true,
      planStatus: true,
      planRenewsAt: true,
      planGraceUntil: true,
      billingCustomerRef: true,
      billingSubscriptionRef: true,
    },
  });
  if (!account) throw new AppError('not_found', 'not_found', 'Account not found');
  return account;
}

async function sellablePlan(deps: BillingDeps, planId: string) {
  const plan = await deps.db.plan.findUnique({ where: { id: planId } });
  if (!plan || plan.archivedAt || !plan.billingPriceRef)
    throw new AppError('bad_request', 'billing.plan_not_for_sale', 'This plan cannot be bought', {
      planId: 'billing.plan_not_for_sale',
    });
  return { ...plan, billingPriceRef: plan.billingPriceRef };
}

/** Whether billing is available, and the account's billing state (never a provider secret). */
export async function getBillingStatus(deps: BillingDeps, accountId: string) {
  const install = await findBillingInstall(deps);
  const account = await accountRow(deps, accountId);
  const plans = await deps.db.plan.findMany({
    where: { archivedAt: null, billingPriceRef: { not: null } },
    orderBy: [{ sortOrder: 'asc' }, { priceMonthly: 'asc' }],
    select: { id: true, key: true, name: true, priceMonthly: true, currency: true },
  });
  return {
    available: install !== null,
    provider: install ? deps.plugins.displayNameOf(install.name) : null,
    planId: account.planId,
    planStatus: account.planStatus as 'active' | 'past_due' | 'canceled',
    renewsAt: account.planRenewsAt,
    graceUntil: account.planGraceUntil,
    subscribed: account.billingSubscriptionRef !== null,
    plans,
  };
}

/** The provider's checkout page for a plan; the plan is set when its webhook arrives. */
export async function startCheckout(
  deps: BillingDeps,
  actor: BillingActor,
  input: { planId: string; returnPath?: string | undefined },
) {
  const install = await installOrThrow(deps);
  const account = await accountRow(deps, actor.accountId);
  if (account.billingSubscriptionRef)
    throw new AppError(
      'conflict',
      'billing.already_subscribed',
      'Change the plan of your subscription instead',
    );
  const plan = await sellablePlan(deps, input.planId);
  return providerCheckout(
    deps,
    actor,
    { install, account, returnPath: input.returnPath },
    (common) => deps.plugins.createCheckout(install.id, { ...common, priceRef: plan.billingPriceRef }),
    { action: 'billing.checkout', targetType: 'plan', targetId: plan.id },
  );
}

async function subscriptionOrThrow(deps: BillingDeps, accountId: string) {
  const account = await accountRow(deps, accountId);
  if (!account.billingSubscriptionRef)
    throw new AppError('bad_request', 'billing.no_subscription', 'There is no subscription to change');
  return { ...account, billingSubscriptionRef: account.billingSubscriptionRef };
}

/** Upgrade or downgrade the running subscription; the provider's webhook then moves the plan. */
export async function changePlan(deps: BillingDeps, actor: BillingActor, input: { planId: string }) {
  const install = await installOrThrow(deps);
  const account = await subscriptionOrThrow(deps, actor.accountId);
  const plan = await sellablePlan(deps, input.planId);
  if (plan.id === account.planId && account.planStatus === 'active')
    throw new AppError('bad_request', 'billing.same_plan', 'This is already your plan');
  try {
    await deps.plugins.changeSubscription(install.id, {
      subscriptionRef: account.billingSubscriptionRef,
      priceRef: plan.billingPriceRef,
    });
  } catch (err) {
    throw providerFailed(deps, err, install);
  }
  await audit(deps.db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'billing.change',
    targetType: 'plan',
    targetId: plan.id,
    ip: actor.ip,
  });
  return { pending: true };
}

/** Cancel at the end of the paid period: the plan holds until then. */
export async function cancelSubscription(deps: BillingDeps, actor: BillingActor) {
  const install = await installOrThrow(deps);
  const account = await subscriptionOrThrow(deps, actor.accountId);
  try {
    await deps.plugins.cancelSubscription(install.id, {
      subscriptionRef: account.billingSubscriptionRef,
      atPeriodEnd: true,
    });
  } catch (err) {
    throw providerFailed(deps, err, install);
  }
  await audit(deps.db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'billing.cancel',
    ip: actor.ip,
  });
  return { pending: true };
}

/** A paid top-up of the call balance: `amount` in minor units (cents), credited by the webhook. */
export async function startTopUp(
  deps: BillingDeps,
  actor: BillingActor,
  input: { amount: number; returnPath?: string | undefined },
) {
  if (!Number.isInteger(input.amount) || input.amount < MIN_TOP_UP || input.amount > MAX_TOP_UP)
    throw new AppError('bad_request', 'billing.invalid_amount', 'Enter an amount of at least 1.00', {
      amount: 'billing.invalid_amount',
    });
  const install = await installOrThrow(deps);
  const account = await accountRow(deps, actor.accountId);
  const plan = account.planId
    ? await deps.db.plan.findUnique({ where: { id: account.planId }, select: { currency: true } })
    : await deps.db.plan.findFirst({ where: { isDefault: true }, select: { currency: true } });
  return providerCheckout(
    deps,
    actor,
    { install, account, returnPath: input.returnPath },
    (common) =>
      deps.plugins.createTopUpCheckout(install.id, {
        ...common,
        amountMinor: input.amount,
        currency: (plan?.currency ?? 'usd').toLowerCase(),
        description: 'Call balance top-up',
      }),
    { action: 'billing.topup_checkout', data: { amount: input.amount } },
  );
}

/** The account's invoices as the provider's webhooks reported them, newest first. */
export async function listInvoices(deps: BillingDeps, accountId: string) {
  const rows = await deps.db.invoice.findMany({
    where: { accountId },
    orderBy: [{ periodStart: 'desc' }, { createdAt: 'desc' }],
    take: 100,
    select: {
      id: true,
      number: true,
      status: true,
      amountDue: true,
      amountPaid: true,
      currency: true,
      periodStart: true,
      periodEnd: true,
      hostedUrl: true,
      createdAt: true,
    },
  });
  // Only the provider's https pages (or http in tests) are links; anything else is shown as text.
  return rows.map((r) => ({
    ...r,
    hostedUrl: r.hostedUrl && /^https?:\/\//.test(r.hostedUrl) ? r.hostedUrl : null,
  }));
}
