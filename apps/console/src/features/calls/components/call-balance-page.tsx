import { type FormEvent, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Navigate } from 'react-router';
import { DataTable } from '../../../components/data-table';
import { Page, Section } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';

const messages = defineMessages({
  title: { id: 'balance.title', defaultMessage: 'Call balance' },
  description: {
    id: 'balance.description',
    defaultMessage:
      'Credit for phone calls, in whole credit units. A call holds credit when it starts and pays for the minutes it lasted when it ends. Calls in the browser are free.',
  },
  balance: { id: 'balance.balance', defaultMessage: 'Balance' },
  held: { id: 'balance.held', defaultMessage: 'Held by calls in progress' },
  credits: defineMessage<{ amount: number }>({
    id: 'balance.credits',
    defaultMessage: '{amount, number} credits',
  }),
  low: defineMessage<{ balance: number; threshold: number }>({
    id: 'balance.low',
    defaultMessage:
      'The call balance is low: {balance, number} credits left (warning below {threshold, number}). Top it up so that calls are not refused.',
  }),
  topUp: { id: 'balance.topUp', defaultMessage: 'Top up' },
  topUpDescription: {
    id: 'balance.topUpDescription',
    defaultMessage:
      'Adds credit by hand, for example after a bank transfer. It is recorded in the ledger and the audit log.',
  },
  amount: { id: 'balance.amount', defaultMessage: 'Amount (credits)' },
  note: { id: 'balance.note', defaultMessage: 'Note (optional)' },
  add: { id: 'balance.add', defaultMessage: 'Add credit' },
  added: defineMessage<{ balance: number }>({
    id: 'balance.added',
    defaultMessage: 'Credit added. The balance is now {balance, number}.',
  }),
  warning: { id: 'balance.warning', defaultMessage: 'Low-balance warning' },
  threshold: { id: 'balance.threshold', defaultMessage: 'Warn when the balance is below (0: never)' },
  saveThreshold: { id: 'balance.saveThreshold', defaultMessage: 'Save warning' },
  thresholdSaved: { id: 'balance.thresholdSaved', defaultMessage: 'Saved.' },
  ledger: { id: 'balance.ledger', defaultMessage: 'Ledger' },
  empty: { id: 'balance.empty', defaultMessage: 'Nothing in the ledger yet.' },
  when: { id: 'balance.col.when', defaultMessage: 'When' },
  what: { id: 'balance.col.what', defaultMessage: 'What' },
  change: { id: 'balance.col.change', defaultMessage: 'Change' },
  after: { id: 'balance.col.after', defaultMessage: 'Balance after' },
  details: { id: 'balance.col.details', defaultMessage: 'Details' },
  more: { id: 'balance.more', defaultMessage: 'Show older entries' },
  reasonTopup: { id: 'balance.reason.topup', defaultMessage: 'Top-up' },
  reasonBilling: { id: 'balance.reason.billing', defaultMessage: 'Paid top-up' },
  reasonReserve: { id: 'balance.reason.reserve', defaultMessage: 'Call started: credit held' },
  reasonSettle: { id: 'balance.reason.settle', defaultMessage: 'Call ended: unused credit released' },
  reasonOther: { id: 'balance.reason.other', defaultMessage: 'Adjustment' },
  open: { id: 'balance.open', defaultMessage: 'call in progress' },
  cost: defineMessage<{ cost: number; minutes: number }>({
    id: 'balance.cost',
    defaultMessage: 'cost {cost, number} for {minutes, plural, one {# minute} other {# minutes}}',
  }),
  by: defineMessage<{ name: string }>({ id: 'balance.by', defaultMessage: 'by {name}' }),
});

type TReasonKey = 'reasonTopup' | 'reasonBilling' | 'reasonReserve' | 'reasonSettle' | 'reasonOther';
const REASONS: Record<string, TReasonKey> = {
  topup: 'reasonTopup',
  'topup.billing': 'reasonBilling',
  'call.reserve': 'reasonReserve',
  'call.settle': 'reasonSettle',
};

/**
 * H4: Manage → Call balance (owner only; the server refuses everyone else): the balance and the
 * low-balance warning, a manual top-up (audited), the warning threshold and the ledger, a page at a
 * time. Paid top-ups will come from the billing plugin (api: domain/calls/balance.ts `addCredit`).
 */
export function CallBalancePage() {
  const me = useMe();
  if (me.role !== 'owner') return <Navigate to="/" replace />;
  return <CallBalance />;
}

function CallBalance() {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const balance = trpc.balance.get.useQuery();
  const ledger = trpc.balance.ledger.useInfiniteQuery(
    {},
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [added, setAdded] = useState<number | null>(null);
  const [threshold, setThreshold] = useState<string | null>(null);
  const [thresholdSaved, setThresholdSaved] = useState(false);
  const amountId = useId();
  const noteId = useId();
  const thresholdId = useId();
  const refresh = () => Promise.all([utils.balance.get.invalidate(), utils.balance.ledger.invalidate()]);
  const topUp = trpc.balance.topUp.useMutation({
    onSuccess: (res) => {
      setAdded(res.balance);
      setAmount('');
      setNote('');
      // Not awaited: the form is ready for the next top-up at once (a pending mutation disables its
      // button, and with it Enter in the amount field) while the balance and ledger refetch.
      void refresh();
    },
  });
  const setLow = trpc.balance.setLowThreshold.useMutation({
    onSuccess: async () => {
      setThresholdSaved(true);
      setThreshold(null);
      await utils.balance.get.invalidate();
    },
  });

  function onTopUp(event: FormEvent) {
    event.preventDefault();
    setAdded(null);
    topUp.mutate({ amount: Number(amount), ...(note.trim() ? { note: note.trim() } : {}) });
  }

  function onThreshold(event: FormEvent) {
    event.preventDefault();
    setThresholdSaved(false);
    setLow.mutate({ threshold: Number(threshold ?? balance.data?.lowThreshold ?? 0) });
  }

  const credits = (n: number) => intl.formatMessage(messages.credits, { amount: n });
  const entries = ledger.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {balance.isPending ? (
        <Loading />
      ) : balance.isError ? (
        <ErrorState error={balance.error} onRetry={() => balance.refetch()} />
      ) : (
        <>
          {balance.data.low ? (
            <p className="notice notice-warning" role="alert">
              <FormattedMessage
                {...messages.low}
                values={{ balance: balance.data.balance, threshold: balance.data.lowThreshold }}
              />
            </p>
          ) : null}
          <dl className="balance-summary">
            <div>
              <dt>
                <FormattedMessage {...messages.balance} />
              </dt>
              <dd data-testid="balance">{credits(balance.data.balance)}</dd>
            </div>
            <div>
              <dt>
                <FormattedMessage {...messages.held} />
              </dt>
              <dd>{credits(balance.data.held)}</dd>
            </div>
          </dl>
        </>
      )}
      <Section
        title={<FormattedMessage {...messages.topUp} />}
        description={<FormattedMessage {...messages.topUpDescription} />}
      >
        <form className="form" onSubmit={onTopUp}>
          <div className="field">
            <label htmlFor={amountId}>
              <FormattedMessage {...messages.amount} />
            </label>
            <input
              id={amountId}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              required
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={noteId}>
              <FormattedMessage {...messages.note} />
            </label>
            <input id={noteId} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <FormError error={topUp.error} />
          {added !== null ? (
            <p role="status" className="field-hint">
              <FormattedMessage {...messages.added} values={{ balance: added }} />
            </p>
          ) : null}
          <div>
            <button type="submit" className="button button-primary" disabled={topUp.isPending}>
              <FormattedMessage {...messages.add} />
            </button>
          </div>
        </form>
      </Section>
      <Section title={<FormattedMessage {...messages.warning} />}>
        <form className="form" onSubmit={onThreshold}>
          <div className="field">
            <label htmlFor={thresholdId}>
              <FormattedMessage {...messages.threshold} />
            </label>
            <input
              id={thresholdId}
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              required
              value={threshold ?? String(balance.data?.lowThreshold ?? 0)}
              onChange={(e) => {
                setThreshold(e.target.value);
                setThresholdSaved(false);
              }}
            />
          </div>
          <FormError error={setLow.error} />
          {thresholdSaved ? (
            <p role="status" className="field-hint">
              <FormattedMessage {...messages.thresholdSaved} />
            </p>
          ) : null}
          <div>
            <button type="submit" className="button" disabled={setLow.isPending}>
              <FormattedMessage {...messages.saveThreshold} />
            </button>
          </div>
        </form>
      </Section>
      <Section title={<FormattedMessage {...messages.ledger} />}>
        {ledger.isPending ? (
          <Loading />
        ) : ledger.isError ? (
          <ErrorState error={ledger.error} onRetry={() => ledger.refetch()} />
        ) : entries.length === 0 ? (
          <EmptyState title={<FormattedMessage {...messages.empty} />} />
        ) : (
          <>
            <DataTable
              label={intl.formatMessage(messages.ledger)}
              headers={(['when', 'what', 'change', 'after', 'details'] as const).map((column) =>
                intl.formatMessage(messages[column]),
              )}
            >
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{intl.formatDate(new Date(e.at), { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td>
                    <FormattedMessage {...messages[REASONS[e.reason] ?? 'reasonOther']} />
                  </td>
                  <td>{`${e.amount > 0 ? '+' : ''}${intl.formatNumber(e.amount)}`}</td>
                  <td>{e.balanceAfter === null ? '' : intl.formatNumber(e.balanceAfter)}</td>
                  <td>
                    {[
                      e.open ? intl.formatMessage(messages.open) : null,
                      e.cost !== null && e.rate
                        ? intl.formatMessage(messages.cost, {
                            cost: e.cost,
                            minutes: Math.round(e.cost / e.rate),
                          })
                        : null,
                      e.by ? intl.formatMessage(messages.by, { name: e.by }) : null,
                      e.note,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </DataTable>
            {ledger.hasNextPage ? (
              <button
                type="button"
                className="button button-small"
                disabled={ledger.isFetchingNextPage}
                onClick={() => void ledger.fetchNextPage()}
              >
                <FormattedMessage {...messages.more} />
              </button>
            ) : null}
          </>
        )}
      </Section>
    </Page>
  );
}
