import { type FormEvent, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { DataTable } from '../../../components/data-table';
import { TextField } from '../../../components/field';
import { ErrorState, FormError, Loading } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';

type TPlan = TRouterOutputs['operator']['plans'][number];
type TFeature = TPlan['features'][number];
const FEATURES: TFeature[] = ['calls', 'api', 'webhooks', 'plugins'];
const LIMITS = ['maxAgents', 'maxChannels', 'maxMonthlyConversations', 'maxStorageMb'] as const;
type TLimitField = (typeof LIMITS)[number];
const LIMIT_OF = {
  maxAgents: 'agents',
  maxChannels: 'channels',
  maxMonthlyConversations: 'conversations',
  maxStorageMb: 'storage',
} as const;

const messages = defineMessages({
  heading: { id: 'operator.plans.heading', defaultMessage: 'Plans' },
  intro: {
    id: 'operator.plans.intro',
    defaultMessage:
      'What each account may use. Accounts without a plan of their own get the default plan. An empty limit is unlimited.',
  },
  colPlan: { id: 'operator.plans.col.plan', defaultMessage: 'Plan' },
  colLimits: { id: 'operator.plans.col.limits', defaultMessage: 'Limits' },
  colFeatures: { id: 'operator.plans.col.features', defaultMessage: 'Features' },
  colAccounts: { id: 'operator.plans.col.accounts', defaultMessage: 'Accounts' },
  colActions: { id: 'operator.plans.col.actions', defaultMessage: 'Actions' },
  isDefault: { id: 'operator.plans.default', defaultMessage: 'Default' },
  archived: { id: 'operator.plans.archived', defaultMessage: 'Archived' },
  unlimited: { id: 'operator.plans.unlimited', defaultMessage: 'unlimited' },
  newPlan: { id: 'operator.plans.new', defaultMessage: 'New plan' },
  editPlan: { id: 'operator.plans.edit.heading', defaultMessage: 'Edit plan' },
  key: { id: 'operator.plans.key', defaultMessage: 'Key' },
  keyHint: {
    id: 'operator.plans.keyHint',
    defaultMessage: 'Lower-case letters, digits, - and _; it never changes.',
  },
  name: { id: 'operator.plans.name', defaultMessage: 'Name' },
  description: { id: 'operator.plans.description', defaultMessage: 'Description' },
  maxAgents: { id: 'operator.plans.maxAgents', defaultMessage: 'Agents' },
  maxChannels: { id: 'operator.plans.maxChannels', defaultMessage: 'Channels' },
  maxMonthlyConversations: {
    id: 'operator.plans.maxConversations',
    defaultMessage: 'Conversations per month',
  },
  maxStorageMb: { id: 'operator.plans.maxStorage', defaultMessage: 'File storage (MB)' },
  limitHint: { id: 'operator.plans.limitHint', defaultMessage: 'Empty: unlimited.' },
  price: { id: 'operator.plans.price', defaultMessage: 'Price per month' },
  priceHint: {
    id: 'operator.plans.priceHint',
    defaultMessage: 'In the currency’s smallest unit (2900 is 29.00). Empty: not shown.',
  },
  currency: { id: 'operator.plans.currency', defaultMessage: 'Currency' },
  priceRef: { id: 'operator.plans.priceRef', defaultMessage: 'Billing price id' },
  priceRefHint: {
    id: 'operator.plans.priceRefHint',
    defaultMessage: 'The payment provider’s price for this plan (Stripe: price_…). Empty: not for sale.',
  },
  features: { id: 'operator.plans.features', defaultMessage: 'Features' },
  calls: { id: 'operator.plans.feature.calls', defaultMessage: 'Calls' },
  api: { id: 'operator.plans.feature.api', defaultMessage: 'API' },
  webhooks: { id: 'operator.plans.feature.webhooks', defaultMessage: 'Webhooks' },
  plugins: { id: 'operator.plans.feature.plugins', defaultMessage: 'Plugins' },
  save: { id: 'operator.plans.save', defaultMessage: 'Save plan' },
  create: { id: 'operator.plans.create', defaultMessage: 'Create plan' },
  cancel: { id: 'operator.plans.cancel', defaultMessage: 'Cancel' },
  saved: { id: 'operator.plans.saved', defaultMessage: 'Plan saved.' },
  planOf: { id: 'operator.plans.accountPlan', defaultMessage: 'Plan' },
  defaultChoice: { id: 'operator.plans.defaultChoice', defaultMessage: 'Server default' },
});
const editLabel = defineMessage<{ name: string }>({
  id: 'operator.plans.editLabel',
  defaultMessage: 'Edit plan {name}',
});
const archiveLabel = defineMessage<{ name: string }>({
  id: 'operator.plans.archiveLabel',
  defaultMessage: 'Archive plan {name}',
});
const restoreLabel = defineMessage<{ name: string }>({
  id: 'operator.plans.restoreLabel',
  defaultMessage: 'Restore plan {name}',
});
const defaultLabel = defineMessage<{ name: string }>({
  id: 'operator.plans.defaultLabel',
  defaultMessage: 'Make default: plan {name}',
});
const accountPlanLabel = defineMessage<{ name: string }>({
  id: 'operator.plans.accountPlanLabel',
  defaultMessage: 'Plan of account {name}',
});
const actionWords = defineMessages({
  edit: { id: 'operator.plans.editAction', defaultMessage: 'Edit' },
  archive: { id: 'operator.plans.archive', defaultMessage: 'Archive' },
  restore: { id: 'operator.plans.restore', defaultMessage: 'Restore' },
  makeDefault: { id: 'operator.plans.makeDefault', defaultMessage: 'Make default' },
});

/** J6: the operator's plans: list, create, edit, archive, choose the default. */
export function OperatorPlans() {
  const intl = useIntl();
  const plans = trpc.operator.plans.useQuery();
  const [editing, setEditing] = useState<TPlan | 'new' | null>(null);
  const utils = trpc.useUtils();
  const refresh = () => utils.operator.plans.invalidate();
  const archive = trpc.operator.archivePlan.useMutation({ onSuccess: refresh });
  const makeDefault = trpc.operator.setDefaultPlan.useMutation({ onSuccess: refresh });
  return (
    <section className="card" aria-labelledby="operator-plans-heading">
      <h2 id="operator-plans-heading">
        <FormattedMessage {...messages.heading} />
      </h2>
      <p className="field-hint">
        <FormattedMessage {...messages.intro} />
      </p>
      <FormError error={archive.error ?? makeDefault.error} />
      {plans.isPending ? (
        <Loading />
      ) : plans.isError ? (
        <ErrorState error={plans.error} onRetry={() => plans.refetch()} />
      ) : (
        <DataTable
          label={intl.formatMessage(messages.heading)}
          headers={(['colPlan', 'colLimits', 'colFeatures', 'colAccounts', 'colActions'] as const).map((c) =>
            intl.formatMessage(messages[c]),
          )}
        >
          {plans.data.map((p) => (
            <tr key={p.id}>
              <td>
                <strong>{p.name}</strong> <code>{p.key}</code>{' '}
                {p.isDefault ? (
                  <span className="badge badge-success">
                    <FormattedMessage {...messages.isDefault} />
                  </span>
                ) : null}
                {p.archived ? (
                  <span className="badge badge-muted">
                    <FormattedMessage {...messages.archived} />
                  </span>
                ) : null}
              </td>
              <td>
                {LIMITS.map((field) => {
                  const value = p.limits[LIMIT_OF[field]];
                  return (
                    <div key={field}>
                      <FormattedMessage {...messages[field]} />:{' '}
                      {value === null ? <FormattedMessage {...messages.unlimited} /> : value}
                    </div>
                  );
                })}
              </td>
              <td>{p.features.map((f) => intl.formatMessage(messages[f])).join(', ')}</td>
              <td>{p.accounts}</td>
              <td>
                <div className="operator-actions">
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={intl.formatMessage(editLabel, { name: p.name })}
                    onClick={() => setEditing(p)}
                  >
                    <FormattedMessage {...actionWords.edit} />
                  </button>
                  {p.isDefault || p.archived ? null : (
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={intl.formatMessage(defaultLabel, { name: p.name })}
                      onClick={() => makeDefault.mutate({ id: p.id })}
                    >
                      <FormattedMessage {...actionWords.makeDefault} />
                    </button>
                  )}
                  {p.isDefault ? null : (
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={intl.formatMessage(p.archived ? restoreLabel : archiveLabel, {
                        name: p.name,
                      })}
                      onClick={() => archive.mutate({ id: p.id, archived: !p.archived })}
                    >
                      <FormattedMessage {...(p.archived ? actionWords.restore : actionWords.archive)} />
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {editing ? (
        <PlanForm
          key={editing === 'new' ? 'new' : editing.id}
          plan={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          <FormattedMessage {...messages.newPlan} />
        </button>
      )}
    </section>
  );
}

const toText = (n: number | null) => (n === null ? '' : String(n));
const toLimit = (s: string) => (s.trim() === '' ? null : Number(s));

function PlanForm({ plan, onDone }: { plan: TPlan | null; onDone: () => void }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [key, setKey] = useState(plan?.key ?? '');
  const [name, setName] = useState(plan?.name ?? '');
  const [description, setDescription] = useState(plan?.description ?? '');
  const [limits, setLimits] = useState<Record<TLimitField, string>>({
    maxAgents: toText(plan?.limits.agents ?? null),
    maxChannels: toText(plan?.limits.channels ?? null),
    maxMonthlyConversations: toText(plan?.limits.conversations ?? null),
    maxStorageMb: toText(plan?.limits.storage ?? null),
  });
  const [features, setFeatures] = useState<TFeature[]>(plan?.features ?? [...FEATURES]);
  const [price, setPrice] = useState(toText(plan?.priceMonthly ?? null));
  const [currency, setCurrency] = useState(plan?.currency ?? 'usd');
  const [priceRef, setPriceRef] = useState(plan?.billingPriceRef ?? '');
  const onSuccess = async () => {
    await utils.operator.plans.invalidate();
    onDone();
  };
  const create = trpc.operator.createPlan.useMutation({ onSuccess });
  const update = trpc.operator.updatePlan.useMutation({ onSuccess });
  const error = create.error ?? update.error;
  const fieldErrors = useFieldErrors({}, error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      name,
      description,
      features,
      maxAgents: toLimit(limits.maxAgents),
      maxChannels: toLimit(limits.maxChannels),
      maxMonthlyConversations: toLimit(limits.maxMonthlyConversations),
      maxStorageMb: toLimit(limits.maxStorageMb),
      priceMonthly: toLimit(price),
      currency: currency.trim().toLowerCase(),
      billingPriceRef: priceRef.trim() === '' ? null : priceRef.trim(),
    };
    if (plan) update.mutate({ id: plan.id, ...fields });
    else create.mutate({ key, ...fields });
  }

  const heading = plan ? messages.editPlan : messages.newPlan;
  return (
    <form className="operator-plan-form" aria-label={intl.formatMessage(heading)} onSubmit={submit}>
      <h3>
        <FormattedMessage {...heading} />
      </h3>
      {plan ? null : (
        <TextField
          label={<FormattedMessage {...messages.key} />}
          hint={<FormattedMessage {...messages.keyHint} />}
          error={fieldErrors.key}
          value={key}
          required
          maxLength={40}
          pattern="[a-z0-9][a-z0-9_\-]*"
          onChange={(e) => setKey(e.target.value)}
        />
      )}
      <TextField
        label={<FormattedMessage {...messages.name} />}
        error={fieldErrors.name}
        value={name}
        required
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label={<FormattedMessage {...messages.description} />}
        error={fieldErrors.description}
        value={description}
        maxLength={500}
        onChange={(e) => setDescription(e.target.value)}
      />
      {LIMITS.map((field) => (
        <TextField
          key={field}
          label={<FormattedMessage {...messages[field]} />}
          hint={<FormattedMessage {...messages.limitHint} />}
          error={fieldErrors[field]}
          type="number"
          min={0}
          inputMode="numeric"
          value={limits[field]}
          onChange={(e) => setLimits((l) => ({ ...l, [field]: e.target.value }))}
        />
      ))}
      <TextField
        label={<FormattedMessage {...messages.price} />}
        hint={<FormattedMessage {...messages.priceHint} />}
        error={fieldErrors.priceMonthly}
        type="number"
        min={0}
        inputMode="numeric"
        value={price}
        onChange={(e) => setPrice(e.target.value)}
      />
      <TextField
        label={<FormattedMessage {...messages.currency} />}
        error={fieldErrors.currency}
        value={currency}
        required
        maxLength={3}
        minLength={3}
        pattern="[A-Za-z]{3}"
        onChange={(e) => setCurrency(e.target.value)}
      />
      <TextField
        label={<FormattedMessage {...messages.priceRef} />}
        hint={<FormattedMessage {...messages.priceRefHint} />}
        error={fieldErrors.billingPriceRef}
        value={priceRef}
        maxLength={200}
        onChange={(e) => setPriceRef(e.target.value)}
      />
      <fieldset>
        <legend>
          <FormattedMessage {...messages.features} />
        </legend>
        {FEATURES.map((f) => (
          <label key={f} className="checkbox">
            <input
              type="checkbox"
              checked={features.includes(f)}
              onChange={(e) =>
                setFeatures((all) => (e.target.checked ? [...all, f] : all.filter((x) => x !== f)))
              }
            />{' '}
            <FormattedMessage {...messages[f]} />
          </label>
        ))}
      </fieldset>
      <FormError error={error} />
      <div className="operator-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending || update.isPending}
        >
          <FormattedMessage {...(plan ? messages.save : messages.create)} />
        </button>
        <button type="button" className="button" onClick={onDone}>
          <FormattedMessage {...messages.cancel} />
        </button>
      </div>
    </form>
  );
}

/** The account row's plan, set by hand (an audit line goes into the account). */
export function AccountPlanSelect({
  accountId,
  accountName,
  planId,
}: {
  accountId: string;
  accountName: string;
  planId: string | null;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const plans = trpc.operator.plans.useQuery();
  const set = trpc.operator.setAccountPlan.useMutation({
    onSuccess: async () => {
      await Promise.all([utils.operator.accounts.invalidate(), utils.operator.plans.invalidate()]);
    },
  });
  return (
    <>
      <select
        aria-label={intl.formatMessage(accountPlanLabel, { name: accountName })}
        value={planId ?? ''}
        disabled={set.isPending || !plans.data}
        onChange={(e) => set.mutate({ accountId, planId: e.target.value || null })}
      >
        <option value="">{intl.formatMessage(messages.defaultChoice)}</option>
        {plans.data
          ?.filter((p) => !p.archived || p.id === planId)
          .map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
      </select>
      <FormError error={set.error} />
    </>
  );
}
