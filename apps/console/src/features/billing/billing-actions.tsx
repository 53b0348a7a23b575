import { type FormEvent, useEffect, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { Section } from '../../components/page';
import { ErrorState, FormError, Loading } from '../../components/status';
import { trpc } from '../../lib/trpc';

const messages = defineMessages({
  plans: { id: 'billing.plans', defaultMessage: 'Change plan' },
  perMonth: defineMessage<{ price: string }>({ id: 'billing.perMonth', defaultMessage: '{price} a month' }),
  current: { id: 'billing.current', defaultMessage: 'Your plan' },
  upgrade: defineMessage<{ plan: string }>({ id: 'billing.upgrade', defaultMessage: 'Choose {plan}' }),
  switchTo: defineMessage<{ plan: string }>({ id: 'billing.switchTo', defaultMessage: 'Switch to {plan}' }),
  redirecting: { id: 'billing.redirecting', defaultMessage: 'Opening the payment page…' },
  changeRequested: {
    id: 'billing.changeRequested',
    defaultMessage: 'Change requested. Your plan updates as soon as the payment provider confirms it.',
  },
  cancel: { id: 'billing.cancel', defaultMessage: 'Cancel subscription' },
  cancelTitle: { id: 'billing.cancelTitle', defaultMessage: 'Cancel the subscription?' },
  cancelText: {
    id: 'billing.cancelText',
    defaultMessage:
      'Your plan stays until the end of the paid period; then the server’s default plan applies.',
  },
  cancelConfirm: { id: 'billing.cancelConfirmButton', defaultMessage: 'End subscription' },
  cancelRequested: {
    id: 'billing.cancelRequested',
    defaultMessage: 'The subscription ends at the end of the paid period.',
  },
  pastDue: defineMessage<{ date: string }>({
    id: 'billing.pastDue',
    defaultMessage: 'The last payment failed. Update your payment method before {date} to keep your plan.',
  }),
  canceled: defineMessage<{ date: string }>({
    id: 'billing.canceled',
    defaultMessage: 'The subscription is canceled. Your plan stays until {date}.',
  }),
  returnSuccess: {
    id: 'billing.returnSuccess',
    defaultMessage: 'Thank you! The payment went through; your account updates in a moment.',
  },
  returnCancel: {
    id: 'billing.returnCancel',
    defaultMessage: 'The payment was canceled. Nothing was charged.',
  },
  topUp: { id: 'billing.topUp', defaultMessage: 'Top up call balance' },
  topUpDescription: {
    id: 'billing.topUpDescription',
    defaultMessage:
      'Pay by card through the payment provider; the credit is added once the payment is confirmed.',
  },
  amount: defineMessage<{ currency: string }>({
    id: 'billing.amount',
    defaultMessage: 'Amount ({currency})',
  }),
  pay: { id: 'billing.pay', defaultMessage: 'Pay and top up' },
  invoices: { id: 'billing.invoices', defaultMessage: 'Invoices' },
  noInvoices: { id: 'billing.noInvoices', defaultMessage: 'No invoices yet.' },
  colNumber: { id: 'billing.col.number', defaultMessage: 'Invoice' },
  colPeriod: { id: 'billing.col.period', defaultMessage: 'Period' },
  colAmount: { id: 'billing.col.amount', defaultMessage: 'Amount' },
  colStatus: { id: 'billing.col.status', defaultMessage: 'Status' },
  view: defineMessage<{ number: string }>({ id: 'billing.view', defaultMessage: 'View invoice {number}' }),
  statusPaid: { id: 'billing.status.paid', defaultMessage: 'Paid' },
  statusOpen: { id: 'billing.status.open', defaultMessage: 'Due' },
  statusVoid: { id: 'billing.status.void', defaultMessage: 'Void' },
  statusOther: { id: 'billing.status.other', defaultMessage: 'Unpaid' },
});

const STATUS = {
  paid: 'statusPaid',
  open: 'statusOpen',
  void: 'statusVoid',
} as const;

/** Leave for the provider's page (its own site: a full navigation, not the router). */
function openProviderPage(url: string) {
  window.location.assign(url);
}

/**
 * J6: what the owner does with billing on the Pro page (which renders this when billing is
 * available): change plan (checkout when there is no subscription, else a subscription change),
 * cancel, a paid call-balance top-up, and the invoices. Coming back from the provider's checkout
 * (`?checkout=success|cancel`) shows what happened. The plan itself changes only when the provider's
 * signed webhook arrives (the server then publishes `plan.changed`); this refetches after each action and on the way back from checkout.
 */
export function BillingActions({ returnPath = '/pro' }: { returnPath?: string }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [params] = useSearchParams();
  const back = params.get('checkout');
  const status = trpc.billing.status.useQuery();
  const invoices = trpc.billing.invoices.useQuery();
  const [notice, setNotice] = useState<'change' | 'cancel' | 'redirect' | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [amount, setAmount] = useState('');
  const amountId = useId();
  const refresh = () =>
    Promise.all([
      utils.billing.status.invalidate(),
      utils.billing.invoices.invalidate(),
      utils.plans.current.invalidate(),
    ]);

  // Back from a successful checkout the webhook may still be on its way: look again a few times.
  useEffect(() => {
    if (back !== 'success') return;
    // The Pro page's plan and usage (plans.current) come from the same webhook.
    const again = () =>
      void Promise.all([
        utils.billing.status.invalidate(),
        utils.billing.invoices.invalidate(),
        utils.plans.current.invalidate(),
      ]);
    const timers = [1000, 3000, 6000].map((ms) => setTimeout(again, ms));
    return () => {
      for (const t of timers) clearTimeout(t);
    };
  }, [back, utils]);

  const checkout = trpc.billing.checkout.useMutation({
    onSuccess: (res) => {
      setNotice('redirect');
      openProviderPage(res.url);
    },
  });
  const change = trpc.billing.changePlan.useMutation({
    onSuccess: () => {
      setNotice('change');
      void refresh();
    },
  });
  const cancel = trpc.billing.cancel.useMutation({
    onSuccess: () => {
      setConfirmingCancel(false);
      setNotice('cancel');
      void refresh();
    },
  });
  const topUp = trpc.billing.topUp.useMutation({
    onSuccess: (res) => {
      setNotice('redirect');
      openProviderPage(res.url);
    },
  });

  if (status.isPending) return <Loading />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  const s = status.data;
  if (!s.available) return null;
  const currency = (s.plans[0]?.currency ?? 'usd').toUpperCase();
  const money = (minor: number, cur: string) =>
    intl.formatNumber(minor / 100, { style: 'currency', currency: cur.toUpperCase() });
  const date = (d: Date | string | null) => (d ? intl.formatDate(new Date(d), { dateStyle: 'long' }) : '');
  const busy = checkout.isPending || change.isPending || cancel.isPending;

  function choose(planId: string) {
    setNotice(null);
    if (s.subscribed) change.mutate({ planId });
    else checkout.mutate({ planId, returnPath });
  }

  function onTopUp(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    topUp.mutate({ amount: Math.round(Number(amount) * 100), returnPath });
  }

  return (
    <div className="billing-actions">
      {back === 'success' || back === 'cancel' ? (
        <p role="status" className={`notice ${back === 'success' ? 'notice-success' : ''}`}>
          <FormattedMessage {...(back === 'success' ? messages.returnSuccess : messages.returnCancel)} />
        </p>
      ) : null}
      {s.planStatus === 'past_due' ? (
        <p role="alert" className="notice notice-warning">
          <FormattedMessage {...messages.pastDue} values={{ date: date(s.graceUntil) }} />
        </p>
      ) : s.planStatus === 'canceled' && s.renewsAt ? (
        <p role="status" className="notice">
          <FormattedMessage {...messages.canceled} values={{ date: date(s.renewsAt) }} />
        </p>
      ) : null}
      <Section title={<FormattedMessage {...messages.plans} />}>
        <ul className="billing-plans">
          {s.plans.map((plan) => {
            const current = plan.id === s.planId && s.planStatus !== 'canceled';
            return (
              <li key={plan.id}>
                <strong>{plan.name}</strong>{' '}
                {plan.priceMonthly !== null ? (
                  <FormattedMessage
                    {...messages.perMonth}
                    values={{ price: money(plan.priceMonthly, plan.currency) }}
                  />
                ) : null}{' '}
                {current ? (
                  <span className="badge">
                    <FormattedMessage {...messages.current} />
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button button-primary button-small"
                    disabled={busy}
                    onClick={() => choose(plan.id)}
                  >
                    <FormattedMessage
                      {...(s.subscribed ? messages.switchTo : messages.upgrade)}
                      values={{ plan: plan.name }}
                    />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
        <FormError error={checkout.error ?? change.error} />
        {notice ? (
          <p role="status" className="field-hint">
            <FormattedMessage
              {...(notice === 'change'
                ? messages.changeRequested
                : notice === 'cancel'
                  ? messages.cancelRequested
                  : messages.redirecting)}
            />
          </p>
        ) : null}
        {s.subscribed ? (
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={() => {
              setNotice(null);
              cancel.reset();
              setConfirmingCancel(true);
            }}
          >
            <FormattedMessage {...messages.cancel} />
          </button>
        ) : null}
        <ConfirmDialog
          open={confirmingCancel}
          danger
          title={<FormattedMessage {...messages.cancelTitle} />}
          confirmLabel={<FormattedMessage {...messages.cancelConfirm} />}
          pending={cancel.isPending}
          error={cancel.error}
          onConfirm={() => cancel.mutate()}
          onCancel={() => setConfirmingCancel(false)}
        >
          <FormattedMessage {...messages.cancelText} />
        </ConfirmDialog>
      </Section>
      <Section
        title={<FormattedMessage {...messages.topUp} />}
        description={<FormattedMessage {...messages.topUpDescription} />}
      >
        <form className="form" onSubmit={onTopUp}>
          <div className="field">
            <label htmlFor={amountId}>
              <FormattedMessage {...messages.amount} values={{ currency }} />
            </label>
            <input
              id={amountId}
              type="number"
              inputMode="decimal"
              min={1}
              step={0.01}
              required
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </div>
          <FormError error={topUp.error} />
          <div>
            <button type="submit" className="button" disabled={topUp.isPending}>
              <FormattedMessage {...messages.pay} />
            </button>
          </div>
        </form>
      </Section>
      <Section title={<FormattedMessage {...messages.invoices} />}>
        {invoices.isPending ? (
          <Loading />
        ) : invoices.isError ? (
          <ErrorState error={invoices.error} onRetry={() => invoices.refetch()} />
        ) : invoices.data.length === 0 ? (
          <p>
            <FormattedMessage {...messages.noInvoices} />
          </p>
        ) : (
          <DataTable
            label={intl.formatMessage(messages.invoices)}
            headers={(['colNumber', 'colPeriod', 'colAmount', 'colStatus'] as const).map((c) =>
              intl.formatMessage(messages[c]),
            )}
          >
            {invoices.data.map((inv) => {
              const number = inv.number ?? inv.id.slice(0, 8);
              return (
                <tr key={inv.id}>
                  <td>
                    {inv.hostedUrl ? (
                      <a
                        href={inv.hostedUrl}
                        target="_blank"
                        rel="noopener noreferrer"
                        aria-label={intl.formatMessage(messages.view, { number })}
                      >
                        {number}
                      </a>
                    ) : (
                      number
                    )}
                  </td>
                  <td>
                    {inv.periodStart && inv.periodEnd
                      ? intl.formatDateTimeRange(new Date(inv.periodStart), new Date(inv.periodEnd), {
                          dateStyle: 'medium',
                        })
                      : ''}
                  </td>
                  <td>{money(inv.status === 'paid' ? inv.amountPaid : inv.amountDue, inv.currency)}</td>
                  <td>
                    <FormattedMessage
                      {...messages[STATUS[inv.status as keyof typeof STATUS] ?? 'statusOther']}
                    />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Section>
    </div>
  );
}
