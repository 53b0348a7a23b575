import type { Db, DbTx } from '@parley/db';
import type { BillingEvent, BillingInvoice } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import type { Logger } from '../../logger';
import { audit } from '../audit';
import { addCredit } from '../calls/balance';
import { invalidatePlans } from '../plans';

/** The bus topic the plans cache and the consoles listen to: payload `{ accountId }`. */
export const PLAN_CHANGED_TOPIC = 'plan.changed';
/** The ledger reason of a paid top-up (the manual one is `topup`). */
export const BILLING_TOPUP_REASON = 'topup.billing';
const DAY_MS = 24 * 3600 * 1000;

export interface ApplyDeps {
  systemDb: Db;
  bus: EventBus;
  logger: Logger;
  graceDays: number;
  now?: () => Date;
}

type Tx = DbTx;

/** The account a subscription or customer belongs to (provider refs are the provider's, unique there). */
async function accountByRefs(tx: Tx, refs: { subscriptionRef?: string; customerRef?: string }) {
  if (refs.subscriptionRef) {
    const bySub = await tx.account.findFirst({
      where: { billingSubscriptionRef: refs.subscriptionRef },
      select: { id: true },
    });
    if (bySub) return bySub.id;
  }
  if (refs.customerRef) {
    const byCustomer = await tx.account.findFirst({
      where: { billingCustomerRef: refs.customerRef },
      select: { id: true },
    });
    if (byCustomer) return byCustomer.id;
  }
  return null;
}

/**
 * The account an event is for, or null (nothing to do). The account Parley named at checkout
 * (client reference, metadata) is believed only where no other account already holds the
 * subscription or customer: a provider ref that is another account's never moves to this one.
 */
async function accountOf(tx: Tx, event: BillingEvent): Promise<string | null> {
  const exists = async (id: string | undefined) =>
    id ? ((await tx.account.findUnique({ where: { id }, select: { id: true } }))?.id ?? null) : null;
  switch (event.type) {
    case 'topup.paid':
      return exists(event.account);
    case 'checkout.completed': {
      const named = await exists(event.account);
      if (!named) return null;
      const holder = await accountByRefs(tx, {
        ...(event.subscriptionRef ? { subscriptionRef: event.subscriptionRef } : {}),
        ...(event.customerRef ? { customerRef: event.customerRef } : {}),
      });
      return holder && holder !== named ? null : named;
    }
    case 'subscription.updated':
    case 'subscription.deleted': {
      const holder = await accountByRefs(tx, {
        subscriptionRef: event.subscriptionRef,
        ...(event.customerRef ? { customerRef: event.customerRef } : {}),
      });
      if (holder) return holder;
      // The update can come before checkout.completed (providers do not order events): the
      // subscription's metadata names the account, which must not hold another subscription.
      const named = await exists(event.account);
      if (!named) return null;
      const row = await tx.account.findUnique({
        where: { id: named },
        select: { billingSubscriptionRef: true },
      });
      return row?.billingSubscriptionRef ? null : named;
    }
    case 'invoice.paid':
    case 'invoice.payment_failed':
      return accountByRefs(tx, {
        ...(event.invoice.subscriptionRef ? { subscriptionRef: event.invoice.subscriptionRef } : {}),
        ...(event.invoice.customerRef ? { customerRef: event.invoice.customerRef } : {}),
      });
  }
}

async function planIdByPrice(tx: Tx, priceRef: string | undefined): Promise<string | undefined> {
  if (!priceRef) return undefined;
  const plan = await tx.plan.findFirst({ where: { billingPriceRef: priceRef }, select: { id: true } });
  return plan?.id;
}

async function upsertInvoice(tx: Tx, accountId: string, invoice: BillingInvoice) {
  const data = {
    number: invoice.number ?? null,
    status: invoice.status,
    amountDue: invoice.amountDue,
    amountPaid: invoice.amountPaid,
    currency: invoice.currency,
    periodStart: invoice.periodStart ?? null,
    periodEnd: invoice.periodEnd ?? null,
    hostedUrl: invoice.hostedUrl ?? null,
  };
  await tx.invoice.upsert({
    where: { accountId_ref: { accountId, ref: invoice.ref } },
    create: { accountId, ref: invoice.ref, ...data },
    update: data,
  });
}

/** What one event changes in its account; returns the audit data, or null when nothing changed. */
async function applyOne(
  tx: Tx,
  deps: ApplyDeps,
  accountId: string,
  event: BillingEvent,
  now: Date,
): Promise<Record<string, unknown> | null> {
  const graceUntil = new Date(now.getTime() + deps.graceDays * DAY_MS);
  switch (event.type) {
    case 'checkout.completed': {
      const out: Record<string, unknown> = {};
      if (event.subscriptionRef) {
        const planId = await planIdByPrice(tx, event.priceRef);
        await tx.account.update({
          where: { id: accountId },
          data: {
            ...(planId ? { planId } : {}),
            planStatus: 'active',
            planGraceUntil: null,
            billingSubscriptionRef: event.subscriptionRef,
            ...(event.customerRef ? { billingCustomerRef: event.customerRef } : {}),
          },
        });
        Object.assign(out, { subscriptionRef: event.subscriptionRef, planId: planId ?? null });
      } else if (event.customerRef) {
        await tx.account.updateMany({
          where: { id: accountId, billingCustomerRef: null },
          data: { billingCustomerRef: event.customerRef },
        });
      }
      if (event.topUp) Object.assign(out, await credit(tx, accountId, event.topUp));
      return out;
    }
    case 'topup.paid':
      return credit(tx, accountId, {
        amountMinor: event.amountMinor,
        currency: event.currency,
        ref: event.ref,
      });
    case 'subscription.updated': {
      const planId = await planIdByPrice(tx, event.priceRef);
      const current = await tx.account.findUniqueOrThrow({
        where: { id: accountId },
        select: { planStatus: true, planGraceUntil: true },
      });
      const status =
        event.status === 'active' || event.status === 'trialing'
          ? 'active'
          : event.status === 'past_due' || event.status === 'unpaid'
            ? 'past_due'
            : event.status === 'canceled'
              ? 'canceled'
              : current.planStatus;
      await tx.account.update({
        where: { id: accountId },
        data: {
          ...(planId ? { planId } : {}),
          planStatus: status,
          // The grace period starts at the first failure and is not stretched by later ones.
          planGraceUntil:
            status === 'past_due'
              ? current.planStatus === 'past_due'
                ? current.planGraceUntil
                : graceUntil
              : null,
          ...(event.currentPeriodEnd ? { planRenewsAt: event.currentPeriodEnd } : {}),
          billingSubscriptionRef: event.subscriptionRef,
          ...(event.customerRef ? { billingCustomerRef: event.customerRef } : {}),
        },
      });
      return {
        status,
        planId: planId ?? null,
        cancelAtPeriodEnd: event.cancelAtPeriodEnd,
        renewsAt: event.currentPeriodEnd?.toISOString() ?? null,
      };
    }
    case 'subscription.deleted': {
      // The plan is paid until the period's end: it holds until then (planRenewsAt), then the
      // default plan applies. The subscription is gone, so a new checkout may start another.
      await tx.account.update({
        where: { id: accountId },
        data: {
          planStatus: 'canceled',
          planGraceUntil: null,
          ...(event.currentPeriodEnd ? { planRenewsAt: event.currentPeriodEnd } : {}),
          billingSubscriptionRef: null,
        },
      });
      return { subscriptionRef: event.subscriptionRef };
    }
    case 'invoice.paid': {
      await upsertInvoice(tx, accountId, event.invoice);
      const account = await tx.account.findUniqueOrThrow({
        where: { id: accountId },
        select: { billingSubscriptionRef: true, planStatus: true },
      });
      if (event.invoice.subscriptionRef && event.invoice.subscriptionRef === account.billingSubscriptionRef)
        await tx.account.update({
          where: { id: accountId },
          data: {
            planStatus: 'active',
            planGraceUntil: null,
            ...(event.invoice.periodEnd ? { planRenewsAt: event.invoice.periodEnd } : {}),
          },
        });
      return { invoice: event.invoice.ref, amountPaid: event.invoice.amountPaid };
    }
    case 'invoice.payment_failed': {
      await upsertInvoice(tx, accountId, event.invoice);
      const account = await tx.account.findUniqueOrThrow({
        where: { id: accountId },
        select: { billingSubscriptionRef: true, planStatus: true },
      });
      const forPlan =
        !event.invoice.subscriptionRef || event.invoice.subscriptionRef === account.billingSubscriptionRef;
      if (forPlan && account.planStatus !== 'past_due')
        await tx.account.update({
          where: { id: accountId },
          data: { planStatus: 'past_due', planGraceUntil: graceUntil },
        });
      return { invoice: event.invoice.ref, graceUntil: forPlan ? graceUntil.toISOString() : null };
    }
  }
}

/** A paid top-up becomes call credit once: the ledger's ref `topup:<provider ref>` is unique per account. */
async function credit(
  tx: Tx,
  accountId: string,
  topUp: { amountMinor: number; currency: string; ref: string },
) {
  const ref = `topup:${topUp.ref}`;
  const done = await tx.creditEntry.findFirst({ where: { accountId, ref }, select: { id: true } });
  if (done) return { topUp: ref, credited: 0 };
  const entry = await addCredit(tx, accountId, {
    amount: topUp.amountMinor,
    reason: BILLING_TOPUP_REASON,
    ref,
    note: `${(topUp.amountMinor / 100).toFixed(2)} ${topUp.currency.toUpperCase()}`,
  });
  return { topUp: ref, credited: topUp.amountMinor, balanceAfter: entry.balanceAfter };
}

/**
 * Applies a billing install's verified events, each once (BillingEvent is unique per install and
 * provider event id), each in one transaction with its audit line. Throws when one cannot be
 * stored: the webhook then answers 5xx and the provider delivers it again. After commit, the
 * accounts whose plan or balance changed hear `plan.changed`.
 */
export async function applyBillingEvents(deps: ApplyDeps, installId: string, events: BillingEvent[]) {
  const changed = new Set<string>();
  for (const event of events) {
    const now = deps.now?.() ?? new Date();
    const accountId = await deps.systemDb.$transaction(async (tx) => {
      const seen = await tx.billingEvent.findUnique({
        where: { installId_eventRef: { installId, eventRef: event.eventRef } },
        select: { id: true },
      });
      if (seen) return null;
      const account = await accountOf(tx, event);
      await tx.billingEvent.create({
        data: { installId, eventRef: event.eventRef, type: event.type, accountId: account },
      });
      if (!account) {
        deps.logger.warn(
          { installId, eventRef: event.eventRef, type: event.type },
          'billing event for no known account',
        );
        return null;
      }
      const data = await applyOne(tx, deps, account, event, now);
      await audit(tx, {
        accountId: account,
        actorUserId: null,
        action: `billing.${event.type}`,
        targetType: 'billingEvent',
        targetId: event.eventRef,
        data: data ?? {},
      });
      return account;
    });
    if (accountId) changed.add(accountId);
  }
  // Every process's plan cache (limits, the Pro page) forgets these accounts' plans at once.
  if (changed.size)
    await invalidatePlans(deps.bus, { accountIds: [...changed] }).catch((err: unknown) =>
      deps.logger.warn({ err }, 'plan cache invalidation not published'),
    );
  for (const accountId of changed)
    await deps.bus
      .publish({ id: 0, accountId, topic: PLAN_CHANGED_TOPIC, payload: { accountId }, ephemeral: true })
      .catch((err: unknown) => deps.logger.warn({ err, accountId }, 'plan.changed not published'));
}
