import { type FormEvent, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { Navigate } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { CopyField } from '../../../components/copy-field';
import { DataTable, Pager } from '../../../components/data-table';
import { TextField } from '../../../components/field';
import { Page } from '../../../components/page';
import { RelativeTime } from '../../../components/relative-time';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { useMe } from '../../../lib/use-me';
import '../operator.css';
import { AccountPlanSelect, OperatorPlans } from './operator-plans';

type TAccount = TRouterOutputs['operator']['accounts']['accounts'][number];

const PAGE_SIZE = 25;

const messages = defineMessages({
  title: { id: 'operator.title', defaultMessage: 'Operator' },
  description: {
    id: 'operator.description',
    defaultMessage:
      'Every account on this server. Suspending an account signs its team out and stops its widgets, webhooks, API tokens and mailbox polling until you unsuspend it.',
  },
  search: { id: 'operator.search', defaultMessage: 'Search accounts' },
  searchHint: { id: 'operator.searchHint', defaultMessage: 'Account name, owner email or account id.' },
  searchSubmit: { id: 'operator.searchSubmit', defaultMessage: 'Search' },
  createHeading: { id: 'operator.create.heading', defaultMessage: 'New account' },
  name: { id: 'operator.create.name', defaultMessage: 'Account name' },
  ownerName: { id: 'operator.create.ownerName', defaultMessage: 'Owner’s name' },
  ownerEmail: { id: 'operator.create.ownerEmail', defaultMessage: 'Owner’s email' },
  create: { id: 'operator.create.submit', defaultMessage: 'Create account' },
  createdEmailed: defineMessage<{ email: string }>({
    id: 'operator.create.emailed',
    defaultMessage: 'Account created. {email} was emailed a link to choose a password.',
  }),
  createdLink: { id: 'operator.create.linkLabel', defaultMessage: 'Set-password link for the owner' },
  createdLinkHint: {
    id: 'operator.create.linkHint',
    defaultMessage:
      'This server sends no mail: give the owner this link. It works once, for 30 minutes; after that the owner uses “Forgot password”.',
  },
  listLabel: { id: 'operator.list.label', defaultMessage: 'Accounts' },
  empty: { id: 'operator.list.empty', defaultMessage: 'No accounts match' },
  emptyText: { id: 'operator.list.emptyText', defaultMessage: 'Try another search, or create an account.' },
  colAccount: { id: 'operator.col.account', defaultMessage: 'Account' },
  colCreated: { id: 'operator.col.created', defaultMessage: 'Created' },
  colOwner: { id: 'operator.col.owner', defaultMessage: 'Owner' },
  colStatus: { id: 'operator.col.status', defaultMessage: 'Status' },
  colPlan: { id: 'operator.col.plan', defaultMessage: 'Plan' },
  colAgents: { id: 'operator.col.agents', defaultMessage: 'Agents' },
  colChannels: { id: 'operator.col.channels', defaultMessage: 'Channels' },
  colConversations: { id: 'operator.col.conversations', defaultMessage: 'Conversations' },
  colStorage: { id: 'operator.col.storage', defaultMessage: 'Storage' },
  colActions: { id: 'operator.col.actions', defaultMessage: 'Actions' },
  active: { id: 'operator.status.active', defaultMessage: 'Active' },
  suspended: { id: 'operator.status.suspended', defaultMessage: 'Suspended' },
  yours: { id: 'operator.status.yours', defaultMessage: 'Your account' },
  noOwner: { id: 'operator.noOwner', defaultMessage: 'No owner' },
  suspend: { id: 'operator.suspend', defaultMessage: 'Suspend' },
  suspendLabel: defineMessage<{ name: string }>({
    id: 'operator.suspendLabel',
    defaultMessage: 'Suspend account {name}',
  }),
  suspendTitle: defineMessage<{ name: string }>({
    id: 'operator.suspend.title',
    defaultMessage: 'Suspend {name}?',
  }),
  suspendText: {
    id: 'operator.suspend.text',
    defaultMessage:
      'Its team is signed out at once and can’t sign in; its widgets show that chat is unavailable; webhooks, API tokens and mailbox polling stop. Nothing is deleted.',
  },
  reason: { id: 'operator.suspend.reason', defaultMessage: 'Reason' },
  reasonHint: {
    id: 'operator.suspend.reasonHint',
    defaultMessage: 'Kept in the audit log of both accounts.',
  },
  suspendConfirm: { id: 'operator.suspend.confirm', defaultMessage: 'Suspend account' },
  unsuspend: { id: 'operator.unsuspend', defaultMessage: 'Unsuspend' },
  unsuspendLabel: defineMessage<{ name: string }>({
    id: 'operator.unsuspendLabel',
    defaultMessage: 'Unsuspend account {name}',
  }),
  unsuspendTitle: defineMessage<{ name: string }>({
    id: 'operator.unsuspend.title',
    defaultMessage: 'Unsuspend {name}?',
  }),
  unsuspendText: {
    id: 'operator.unsuspend.text',
    defaultMessage: 'Its team can sign in again and its widgets, webhooks and API tokens work again.',
  },
  unsuspendConfirm: { id: 'operator.unsuspend.confirm', defaultMessage: 'Unsuspend account' },
  delete: { id: 'operator.delete', defaultMessage: 'Delete' },
  deleteLabel: defineMessage<{ name: string }>({
    id: 'operator.deleteLabel',
    defaultMessage: 'Delete account {name}',
  }),
  deleteTitle: defineMessage<{ name: string }>({
    id: 'operator.delete.title',
    defaultMessage: 'Delete {name} for good?',
  }),
  deleteText: {
    id: 'operator.delete.text',
    defaultMessage:
      'Its team, channels, conversations, visitors and files are deleted. This can’t be undone.',
  },
  deleteTyped: defineMessage<{ name: string }>({
    id: 'operator.delete.typed',
    defaultMessage: 'Type {name} to confirm',
  }),
  deleteConfirm: { id: 'operator.delete.confirm', defaultMessage: 'Delete account' },
  deleted: defineMessage<{ name: string; left: number }>({
    id: 'operator.deleted',
    defaultMessage:
      '{name} was deleted.{left, plural, =0 {} one { # file could not be removed from the file store (see the server log).} other { # files could not be removed from the file store (see the server log).}}',
  }),
  pageOf: defineMessage<{ page: PrimitiveType; pages: PrimitiveType; total: PrimitiveType }>({
    id: 'operator.pager.pageOf',
    defaultMessage: 'Page {page} of {pages} · {total, plural, one {# account} other {# accounts}}',
  }),
});

/** Many accounts on one server: the instance operator lists, creates, suspends and deletes accounts. */
export function OperatorPage() {
  const intl = useIntl();
  const me = useMe();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const accounts = trpc.operator.accounts.useQuery(
    { q: search || undefined, page, pageSize: PAGE_SIZE },
    { enabled: me.operator, placeholderData: (previous) => previous },
  );
  // The server refuses everyone else; the console does not offer them the page either.
  if (!me.operator) return <Navigate to="/" replace />;
  const pages = accounts.data ? Math.max(1, Math.ceil(accounts.data.total / PAGE_SIZE)) : 1;

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    setSearch(query.trim());
    setPage(1);
  }

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <OperatorPlans />
      <CreateAccountForm onCreated={() => setNotice(null)} />
      <SearchForm query={query} onQuery={setQuery} onSubmit={submitSearch} />
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {accounts.isPending ? (
        <Loading />
      ) : accounts.isError ? (
        <ErrorState error={accounts.error} onRetry={() => accounts.refetch()} />
      ) : accounts.data.accounts.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.empty} />}>
          <FormattedMessage {...messages.emptyText} />
        </EmptyState>
      ) : (
        <>
          <AccountsTable accounts={accounts.data.accounts} myAccountId={me.accountId} onNotice={setNotice} />
          <Pager
            page={page}
            pages={pages}
            onPage={setPage}
            status={
              <FormattedMessage {...messages.pageOf} values={{ page, pages, total: accounts.data.total }} />
            }
          />
        </>
      )}
    </Page>
  );
}

function SearchForm({
  query,
  onQuery,
  onSubmit,
}: {
  query: string;
  onQuery: (value: string) => void;
  onSubmit: (event: FormEvent) => void;
}) {
  const intl = useIntl();
  return (
    <form className="operator-toolbar" aria-label={intl.formatMessage(messages.search)} onSubmit={onSubmit}>
      <TextField
        label={<FormattedMessage {...messages.search} />}
        hint={<FormattedMessage {...messages.searchHint} />}
        type="search"
        value={query}
        maxLength={200}
        onChange={(event) => onQuery(event.target.value)}
      />
      <button type="submit" className="button">
        <FormattedMessage {...messages.searchSubmit} />
      </button>
    </form>
  );
}

function CreateAccountForm({ onCreated }: { onCreated: () => void }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const [ownerName, setOwnerName] = useState('');
  const [ownerEmail, setOwnerEmail] = useState('');
  const [result, setResult] = useState<{ email: string; link: string | null } | null>(null);
  const create = trpc.operator.createAccount.useMutation({
    onSuccess: async (made) => {
      setResult({ email: made.account.ownerEmail ?? ownerEmail, link: made.link });
      setName('');
      setOwnerName('');
      setOwnerEmail('');
      onCreated();
      await utils.operator.accounts.invalidate();
    },
  });
  const fieldErrors = useFieldErrors({}, create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    create.mutate({ name, ownerName, ownerEmail });
  }

  return (
    <form
      className="card operator-create"
      onSubmit={submit}
      aria-label={intl.formatMessage(messages.createHeading)}
    >
      <h2>
        <FormattedMessage {...messages.createHeading} />
      </h2>
      <div className="operator-create-fields">
        <TextField
          label={<FormattedMessage {...messages.name} />}
          error={fieldErrors.name}
          value={name}
          required
          maxLength={100}
          autoComplete="organization"
          onChange={(event) => setName(event.target.value)}
        />
        <TextField
          label={<FormattedMessage {...messages.ownerName} />}
          error={fieldErrors.ownerName}
          value={ownerName}
          required
          maxLength={100}
          autoComplete="off"
          onChange={(event) => setOwnerName(event.target.value)}
        />
        <TextField
          label={<FormattedMessage {...messages.ownerEmail} />}
          error={fieldErrors.ownerEmail}
          type="email"
          value={ownerEmail}
          required
          maxLength={254}
          autoComplete="off"
          onChange={(event) => setOwnerEmail(event.target.value)}
        />
      </div>
      <FormError error={create.error} />
      {result ? (
        result.link ? (
          <div role="status">
            <CopyField label={intl.formatMessage(messages.createdLink)} value={result.link} />
            <p className="field-hint">
              <FormattedMessage {...messages.createdLinkHint} />
            </p>
          </div>
        ) : (
          <p className="notice" role="status">
            <FormattedMessage {...messages.createdEmailed} values={{ email: result.email }} />
          </p>
        )
      ) : null}
      <div>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          <FormattedMessage {...messages.create} />
        </button>
      </div>
    </form>
  );
}

function AccountsTable({
  accounts,
  myAccountId,
  onNotice,
}: {
  accounts: TAccount[];
  myAccountId: string;
  onNotice: (text: string) => void;
}) {
  const intl = useIntl();
  const columns = [
    'colAccount',
    'colCreated',
    'colOwner',
    'colStatus',
    'colPlan',
    'colAgents',
    'colChannels',
    'colConversations',
    'colStorage',
    'colActions',
  ] as const;
  return (
    // Ten columns scroll sideways on a narrow screen.
    <DataTable
      label={intl.formatMessage(messages.listLabel)}
      headers={columns.map((column) => intl.formatMessage(messages[column]))}
      scrollable
    >
      {accounts.map((account) => (
        <AccountRow
          key={account.id}
          account={account}
          mine={account.id === myAccountId}
          onNotice={onNotice}
        />
      ))}
    </DataTable>
  );
}

/** Bytes in the largest unit that keeps the number readable, in the console's language. */
function formatBytes(intl: ReturnType<typeof useIntl>, bytes: number) {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return intl.formatNumber(value, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  });
}

type TDialog = 'suspend' | 'unsuspend' | 'delete' | null;

function AccountRow({
  account,
  mine,
  onNotice,
}: {
  account: TAccount;
  mine: boolean;
  onNotice: (text: string) => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [dialog, setDialog] = useState<TDialog>(null);
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const done = async () => {
    setDialog(null);
    await utils.operator.accounts.invalidate();
  };
  const suspend = trpc.operator.suspendAccount.useMutation({ onSuccess: done });
  const unsuspend = trpc.operator.unsuspendAccount.useMutation({ onSuccess: done });
  const remove = trpc.operator.deleteAccount.useMutation({
    onSuccess: async (result) => {
      onNotice(intl.formatMessage(messages.deleted, { name: account.name, left: result.filesLeft }));
      await done();
    },
  });
  // A dialog opens clean: no reason, typed name or error from the last time.
  const open = (kind: Exclude<TDialog, null>) => {
    setReason('');
    setTyped('');
    suspend.reset();
    unsuspend.reset();
    remove.reset();
    setDialog(kind);
  };
  const suspendErrors = useFieldErrors({}, suspend.error);
  const deleteErrors = useFieldErrors({}, remove.error);
  const suspended = account.status === 'suspended';
  const values = { name: account.name };

  return (
    <tr>
      <td>
        <strong>{account.name}</strong>
        <code className="operator-account-id">{account.id}</code>
      </td>
      <td>
        <RelativeTime value={account.createdAt} />
      </td>
      <td>{account.ownerEmail ?? <FormattedMessage {...messages.noOwner} />}</td>
      <td>
        {suspended ? (
          <>
            <span className="badge badge-warning">
              <FormattedMessage {...messages.suspended} />
            </span>{' '}
            {account.suspendedReason}
          </>
        ) : (
          <span className="badge badge-success">
            <FormattedMessage {...messages.active} />
          </span>
        )}
        {mine ? (
          <>
            {' '}
            <span className="badge badge-muted">
              <FormattedMessage {...messages.yours} />
            </span>
          </>
        ) : null}
      </td>
      <td>
        <AccountPlanSelect accountId={account.id} accountName={account.name} planId={account.planId} />
      </td>
      <td className="operator-number">{intl.formatNumber(account.usage.agents)}</td>
      <td className="operator-number">{intl.formatNumber(account.usage.channels)}</td>
      <td className="operator-number">{intl.formatNumber(account.usage.conversations)}</td>
      <td className="operator-number">{formatBytes(intl, account.usage.storageBytes)}</td>
      <td>
        {mine ? null : (
          <div className="operator-actions">
            {suspended ? (
              <button
                type="button"
                className="button button-small"
                aria-label={intl.formatMessage(messages.unsuspendLabel, values)}
                onClick={() => open('unsuspend')}
              >
                <FormattedMessage {...messages.unsuspend} />
              </button>
            ) : (
              <button
                type="button"
                className="button button-small"
                aria-label={intl.formatMessage(messages.suspendLabel, values)}
                onClick={() => open('suspend')}
              >
                <FormattedMessage {...messages.suspend} />
              </button>
            )}
            <button
              type="button"
              className="button button-small button-danger"
              aria-label={intl.formatMessage(messages.deleteLabel, values)}
              onClick={() => open('delete')}
            >
              <FormattedMessage {...messages.delete} />
            </button>
          </div>
        )}
        <ConfirmDialog
          open={dialog === 'suspend'}
          title={<FormattedMessage {...messages.suspendTitle} values={values} />}
          confirmLabel={<FormattedMessage {...messages.suspendConfirm} />}
          danger
          pending={suspend.isPending}
          confirmDisabled={reason.trim() === ''}
          error={suspend.error}
          onConfirm={() => suspend.mutate({ accountId: account.id, reason })}
          onCancel={() => setDialog(null)}
        >
          <p>
            <FormattedMessage {...messages.suspendText} />
          </p>
          <TextField
            label={<FormattedMessage {...messages.reason} />}
            hint={<FormattedMessage {...messages.reasonHint} />}
            error={suspendErrors.reason}
            value={reason}
            required
            maxLength={500}
            autoComplete="off"
            onChange={(event) => setReason(event.target.value)}
          />
        </ConfirmDialog>
        <ConfirmDialog
          open={dialog === 'unsuspend'}
          title={<FormattedMessage {...messages.unsuspendTitle} values={values} />}
          confirmLabel={<FormattedMessage {...messages.unsuspendConfirm} />}
          pending={unsuspend.isPending}
          error={unsuspend.error}
          onConfirm={() => unsuspend.mutate({ accountId: account.id })}
          onCancel={() => setDialog(null)}
        >
          <FormattedMessage {...messages.unsuspendText} />
        </ConfirmDialog>
        <ConfirmDialog
          open={dialog === 'delete'}
          title={<FormattedMessage {...messages.deleteTitle} values={values} />}
          confirmLabel={<FormattedMessage {...messages.deleteConfirm} />}
          danger
          pending={remove.isPending}
          confirmDisabled={typed.trim() !== account.name.trim()}
          error={remove.error}
          onConfirm={() => remove.mutate({ accountId: account.id, confirmName: typed })}
          onCancel={() => setDialog(null)}
        >
          <p>
            <FormattedMessage {...messages.deleteText} />
          </p>
          <TextField
            label={<FormattedMessage {...messages.deleteTyped} values={values} />}
            error={deleteErrors.confirmName}
            value={typed}
            required
            autoComplete="off"
            onChange={(event) => setTyped(event.target.value)}
          />
        </ConfirmDialog>
      </td>
    </tr>
  );
}
