import { defineMessage, defineMessages, FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import { Page } from '../../../components/page';
import { ErrorState, Loading } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { BillingActions } from '../../billing';
import { featureMessages, limitMessages, unlimitedValue, usageValue } from './plan-messages';
import '../plans.css';

type TCurrent = TRouterOutputs['plans']['current'];
type TLimit = TCurrent['limits'][number];
type TPlan = TRouterOutputs['plans']['list'][number];

const messages = defineMessages({
  title: { id: 'plans.pro.title', defaultMessage: 'Pro' },
  description: {
    id: 'plans.pro.description',
    defaultMessage: 'Your plan, what your team uses of it this month, and the plans of this server.',
  },
  current: { id: 'plans.pro.current', defaultMessage: 'Current plan' },
  ownerBuys: {
    id: 'plans.pro.ownerBuys',
    defaultMessage: 'The account’s owner changes the plan and sees the invoices.',
  },
  usage: { id: 'plans.pro.usage', defaultMessage: 'Usage' },
  compare: { id: 'plans.pro.compare', defaultMessage: 'Plans' },
  noBilling: {
    id: 'plans.pro.noBilling',
    defaultMessage: 'Your server’s operator sets your plan. Ask them to change it.',
  },
  active: { id: 'plans.status.active', defaultMessage: 'Active' },
  warning: { id: 'plans.state.warning', defaultMessage: 'Almost at the limit' },
  reached: { id: 'plans.state.reached', defaultMessage: 'Limit reached' },
  yourPlan: { id: 'plans.compare.yours', defaultMessage: 'Your plan' },
  free: { id: 'plans.compare.free', defaultMessage: 'Free' },
  unlimited: { id: 'plans.compare.unlimited', defaultMessage: 'Unlimited' },
  features: { id: 'plans.compare.features', defaultMessage: 'Features' },
  noFeatures: { id: 'plans.compare.noFeatures', defaultMessage: 'None' },
  price: { id: 'plans.compare.price', defaultMessage: 'Price per month' },
});
const renewsOn = defineMessage<{ date: string }>({
  id: 'plans.pro.renews',
  defaultMessage: 'Renews on {date}',
});
const pastDue = defineMessage<{ date: string }>({
  id: 'plans.status.pastDue',
  defaultMessage: 'Payment failed: the plan holds until {date}',
});
const canceledUntil = defineMessage<{ date: string }>({
  id: 'plans.status.canceled',
  defaultMessage: 'Canceled: the plan holds until {date}',
});
const lapsed = defineMessage<{ name: string }>({
  id: 'plans.status.lapsed',
  defaultMessage: 'Your plan “{name}” has ended; the server’s default plan applies.',
});

/** J6, the guide's "Pro": the account's plan, its usage per limit, its status and the plans to compare. */
export function ProPage() {
  const current = trpc.plans.current.useQuery();
  const plans = trpc.plans.list.useQuery();
  const me = useMe();
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {current.isPending ? (
        <Loading />
      ) : current.isError ? (
        <ErrorState error={current.error} onRetry={() => current.refetch()} />
      ) : (
        <>
          <CurrentPlan current={current.data} />
          {current.data.billingAvailable ? (
            // Buying and changing the plan is the owner's (the billing procedures are owner-only).
            me.role === 'owner' ? (
              <BillingActions />
            ) : (
              <p className="notice plans-no-billing">
                <FormattedMessage {...messages.ownerBuys} />
              </p>
            )
          ) : (
            <p className="notice plans-no-billing">
              <FormattedMessage {...messages.noBilling} />
            </p>
          )}
          {plans.data && plans.data.length > 0 ? (
            <ComparePlans plans={plans.data} currentId={current.data.plan.id} />
          ) : null}
        </>
      )}
    </Page>
  );
}

function CurrentPlan({ current }: { current: TCurrent }) {
  const intl = useIntl();
  const date = (iso: string) => intl.formatDate(iso, { dateStyle: 'long' });
  return (
    <section className="card plans-current" aria-labelledby="plans-current-heading">
      <h2 id="plans-current-heading">
        <FormattedMessage {...messages.current} />: {current.plan.name}
      </h2>
      {current.plan.description ? <p>{current.plan.description}</p> : null}
      <p className="plans-status">
        {current.lapsedPlan ? (
          <FormattedMessage {...lapsed} values={{ name: current.lapsedPlan.name }} />
        ) : current.status === 'past_due' && current.graceUntil ? (
          <FormattedMessage {...pastDue} values={{ date: date(current.graceUntil) }} />
        ) : current.status === 'canceled' && current.renewsAt ? (
          <FormattedMessage {...canceledUntil} values={{ date: date(current.renewsAt) }} />
        ) : current.renewsAt ? (
          <FormattedMessage {...renewsOn} values={{ date: date(current.renewsAt) }} />
        ) : (
          <FormattedMessage {...messages.active} />
        )}
      </p>
      <h3>
        <FormattedMessage {...messages.usage} />
      </h3>
      <ul className="plans-usage">
        {current.limits.map((limit) => (
          <UsageBar key={limit.limit} limit={limit} />
        ))}
      </ul>
    </section>
  );
}

/** One limit as an accessible progress bar: its name, "3 of 3", and the 80 % / 100 % state in words. */
export function UsageBar({ limit }: { limit: TLimit }) {
  const intl = useIntl();
  const labelId = `plans-usage-${limit.limit}`;
  const valueText =
    limit.max === null
      ? intl.formatMessage(unlimitedValue, { used: limit.used })
      : intl.formatMessage(usageValue, { used: limit.used, max: limit.max });
  const percent =
    limit.max === null ? 0 : limit.max === 0 ? 100 : Math.min(100, (limit.used / limit.max) * 100);
  return (
    <li className={`plans-usage-row plans-${limit.state}`}>
      <span id={labelId} className="plans-usage-label">
        <FormattedMessage {...limitMessages[limit.limit]} />
      </span>
      <div
        className="plans-bar"
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={limit.max ?? limit.used}
        aria-valuenow={limit.max === null ? limit.used : Math.min(limit.used, limit.max)}
        aria-valuetext={valueText}
      >
        <span className="plans-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="plans-usage-value">
        {valueText}
        {limit.state !== 'ok' ? (
          <>
            {' · '}
            <strong>
              <FormattedMessage {...messages[limit.state]} />
            </strong>
          </>
        ) : null}
      </span>
    </li>
  );
}

function ComparePlans({ plans, currentId }: { plans: TPlan[]; currentId: string }) {
  const limits = ['agents', 'channels', 'conversations', 'storage'] as const;
  return (
    <section className="card" aria-labelledby="plans-compare-heading">
      <h2 id="plans-compare-heading">
        <FormattedMessage {...messages.compare} />
      </h2>
      <div className="table-scroll">
        <table className="table plans-compare">
          <thead>
            <tr>
              <td />
              {plans.map((p) => (
                <th key={p.id} scope="col">
                  {p.name}
                  {p.id === currentId ? (
                    <span className="badge">
                      {' '}
                      <FormattedMessage {...messages.yourPlan} />
                    </span>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">
                <FormattedMessage {...messages.price} />
              </th>
              {plans.map((p) => (
                <td key={p.id}>
                  {p.priceMonthly === null || p.priceMonthly === 0 ? (
                    <FormattedMessage {...messages.free} />
                  ) : (
                    <FormattedNumber
                      value={p.priceMonthly / 100}
                      style="currency"
                      currency={p.currency.toUpperCase()}
                    />
                  )}
                </td>
              ))}
            </tr>
            {limits.map((limit) => (
              <tr key={limit}>
                <th scope="row">
                  <FormattedMessage {...limitMessages[limit]} />
                </th>
                {plans.map((p) => (
                  <td key={p.id}>
                    {p.limits[limit] === null ? (
                      <FormattedMessage {...messages.unlimited} />
                    ) : (
                      p.limits[limit]
                    )}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">
                <FormattedMessage {...messages.features} />
              </th>
              {plans.map((p) => (
                <td key={p.id}>
                  {p.features.length === 0 ? (
                    <FormattedMessage {...messages.noFeatures} />
                  ) : (
                    p.features.map((f, i) => (
                      <span key={f}>
                        {i > 0 ? ', ' : null}
                        <FormattedMessage {...featureMessages[f]} />
                      </span>
                    ))
                  )}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
