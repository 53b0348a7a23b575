import { type FormEvent, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { CopyField } from '../../../components/copy-field';
import { TextField } from '../../../components/field';
import { Page } from '../../../components/page';
import { RelativeTime } from '../../../components/relative-time';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import '../api-tokens.css';

type TApiToken = TRouterOutputs['apiTokens']['list'][number];
type TScope = TApiToken['scopes'][number];

const SCOPES: TScope[] = [
  'conversations:read',
  'conversations:write',
  'messages:read',
  'messages:write',
  'contacts:read',
  'contacts:write',
  'tags:read',
  'tags:write',
  'webhooks',
  'messages:bot',
];

const scopeMessages = defineMessages({
  'conversations:read': { id: 'apiTokens.scope.conversationsRead', defaultMessage: 'Read conversations' },
  'conversations:write': {
    id: 'apiTokens.scope.conversationsWrite',
    defaultMessage: 'Accept, assign and close conversations',
  },
  'messages:read': { id: 'apiTokens.scope.messagesRead', defaultMessage: 'Read messages' },
  'messages:write': { id: 'apiTokens.scope.messagesWrite', defaultMessage: 'Send messages' },
  'contacts:read': { id: 'apiTokens.scope.contactsRead', defaultMessage: 'Read and search contacts' },
  'contacts:write': {
    id: 'apiTokens.scope.contactsWrite',
    defaultMessage: 'Add, change and erase contacts',
  },
  'tags:read': { id: 'apiTokens.scope.tagsRead', defaultMessage: 'Read tags' },
  'tags:write': {
    id: 'apiTokens.scope.tagsWrite',
    defaultMessage: 'Tag conversations, create, edit and delete tags',
  },
  webhooks: {
    id: 'apiTokens.scope.webhooks',
    defaultMessage: 'Manage webhook endpoints and replay deliveries',
  },
  'messages:bot': { id: 'apiTokens.scope.messagesBot', defaultMessage: 'Post as a named bot (chatbots)' },
});

const messages = defineMessages({
  title: { id: 'apiTokens.title', defaultMessage: 'API' },
  description: {
    id: 'apiTokens.description',
    defaultMessage:
      'Tokens let your own systems use the REST API. A token acts as the admin who created it, only within the scopes you choose.',
  },
  reference: { id: 'apiTokens.reference', defaultMessage: 'API reference' },
  createHeading: { id: 'apiTokens.create.heading', defaultMessage: 'New token' },
  name: { id: 'apiTokens.create.name', defaultMessage: 'Token name' },
  nameHint: { id: 'apiTokens.create.nameHint', defaultMessage: 'Say what uses it, e.g. “CRM sync”.' },
  scopes: { id: 'apiTokens.create.scopes', defaultMessage: 'Scopes' },
  expires: { id: 'apiTokens.create.expires', defaultMessage: 'Expires on (optional)' },
  expiresHint: {
    id: 'apiTokens.create.expiresHint',
    defaultMessage: 'Leave empty for a token that does not expire.',
  },
  create: { id: 'apiTokens.create.submit', defaultMessage: 'Create token' },
  noScopes: { id: 'apiTokens.create.noScopes', defaultMessage: 'Choose at least one scope.' },
  secretLabel: { id: 'apiTokens.secret.label', defaultMessage: 'New API token' },
  secretText: {
    id: 'apiTokens.secret.text',
    defaultMessage: 'Copy the token now: it is shown only once. Only its fingerprint is stored.',
  },
  listLabel: { id: 'apiTokens.list.label', defaultMessage: 'API tokens' },
  empty: { id: 'apiTokens.list.empty', defaultMessage: 'No API tokens yet' },
  lastUsed: defineMessage<{ time: PrimitiveType }>({
    id: 'apiTokens.list.lastUsed',
    defaultMessage: 'Last used {time}',
  }),
  neverUsed: { id: 'apiTokens.list.neverUsed', defaultMessage: 'Never used' },
  created: defineMessage<{ time: PrimitiveType; name: string }>({
    id: 'apiTokens.list.created',
    defaultMessage: 'Created {time} by {name}',
  }),
  createdNoName: defineMessage<{ time: PrimitiveType }>({
    id: 'apiTokens.list.createdNoName',
    defaultMessage: 'Created {time}',
  }),
  expiresAt: defineMessage<{ time: PrimitiveType }>({
    id: 'apiTokens.list.expires',
    defaultMessage: 'Expires {time}',
  }),
  revoked: { id: 'apiTokens.list.revoked', defaultMessage: 'Revoked' },
  expired: { id: 'apiTokens.list.expired', defaultMessage: 'Expired' },
  revoke: { id: 'apiTokens.revoke', defaultMessage: 'Revoke' },
  revokeLabel: defineMessage<{ name: string }>({
    id: 'apiTokens.revokeLabel',
    defaultMessage: 'Revoke token {name}',
  }),
  revokeTitle: defineMessage<{ name: string }>({
    id: 'apiTokens.revoke.title',
    defaultMessage: 'Revoke the token {name}?',
  }),
  revokeText: {
    id: 'apiTokens.revoke.text',
    defaultMessage: 'Calls with it are refused at once. This can’t be undone.',
  },
  revokeConfirm: { id: 'apiTokens.revoke.confirm', defaultMessage: 'Revoke token' },
});

/** J7 Manage → API (admins): create tokens with scopes and an expiry, see their last use, revoke them. */
export function ApiTokensPage() {
  const tokens = trpc.apiTokens.list.useQuery();
  return (
    <Page
      title={messages.title}
      description={
        <>
          <FormattedMessage {...messages.description} />{' '}
          <a href="/api/v1/docs" target="_blank" rel="noreferrer">
            <FormattedMessage {...messages.reference} />
          </a>
        </>
      }
    >
      <CreateTokenForm />
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.empty} />} />
      ) : (
        <TokenList tokens={tokens.data} />
      )}
    </Page>
  );
}

/** The first day an expiry may fall on, as the date input's yyyy-mm-dd (local time). */
function tomorrow() {
  const d = new Date(Date.now() + 24 * 60 * 60 * 1000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function CreateTokenForm() {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TScope[]>(['conversations:read']);
  const [expires, setExpires] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const create = trpc.apiTokens.create.useMutation({
    onSuccess: async (made) => {
      setSecret(made.token);
      setName('');
      await utils.apiTokens.list.invalidate();
    },
  });
  const fieldErrors = useFieldErrors({}, create.error);
  const noScopes = scopes.length === 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (noScopes) return;
    setSecret(null);
    create.mutate({
      name,
      scopes,
      // The end of the chosen day, in the admin's time zone.
      expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
    });
  }

  function toggle(scope: TScope, on: boolean) {
    setScopes((now) => (on ? [...new Set([...now, scope])] : now.filter((s) => s !== scope)));
  }

  return (
    <>
      {secret ? (
        <section className="card api-token-secret" aria-label={intl.formatMessage(messages.secretLabel)}>
          <CopyField label={intl.formatMessage(messages.secretLabel)} value={secret} />
          <p className="field-hint">
            <FormattedMessage {...messages.secretText} />
          </p>
        </section>
      ) : null}
      <form
        className="card api-token-form"
        onSubmit={submit}
        aria-label={intl.formatMessage(messages.createHeading)}
      >
        <h2>
          <FormattedMessage {...messages.createHeading} />
        </h2>
        <TextField
          label={<FormattedMessage {...messages.name} />}
          hint={<FormattedMessage {...messages.nameHint} />}
          error={fieldErrors.name}
          value={name}
          required
          maxLength={80}
          autoComplete="off"
          onChange={(event) => setName(event.target.value)}
        />
        <fieldset
          className="api-token-scopes"
          aria-invalid={noScopes ? true : undefined}
          aria-describedby={noScopes ? 'api-token-scopes-error' : undefined}
        >
          <legend>
            <FormattedMessage {...messages.scopes} />
          </legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) => toggle(scope, event.target.checked)}
              />
              <span>
                <FormattedMessage {...scopeMessages[scope]} /> <code>{scope}</code>
              </span>
            </label>
          ))}
        </fieldset>
        {noScopes ? (
          <p className="field-error" id="api-token-scopes-error">
            <FormattedMessage {...messages.noScopes} />
          </p>
        ) : null}
        <TextField
          label={<FormattedMessage {...messages.expires} />}
          hint={<FormattedMessage {...messages.expiresHint} />}
          error={fieldErrors.expiresAt}
          type="date"
          min={tomorrow()}
          value={expires}
          onChange={(event) => setExpires(event.target.value)}
        />
        <FormError error={create.error} />
        <div>
          <button type="submit" className="button button-primary" disabled={create.isPending || noScopes}>
            <FormattedMessage {...messages.create} />
          </button>
        </div>
      </form>
    </>
  );
}

function TokenList({ tokens }: { tokens: TApiToken[] }) {
  const intl = useIntl();
  return (
    <ul className="card api-token-list" aria-label={intl.formatMessage(messages.listLabel)}>
      {tokens.map((token) => (
        <TokenRow key={token.id} token={token} />
      ))}
    </ul>
  );
}

function TokenRow({ token }: { token: TApiToken }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState(false);
  const revoke = trpc.apiTokens.revoke.useMutation({
    onSuccess: async () => {
      setConfirming(false);
      await utils.apiTokens.list.invalidate();
    },
  });
  const expired = token.expiresAt !== null && new Date(token.expiresAt).getTime() <= Date.now();
  return (
    <li className="api-token">
      <div className="api-token-main">
        <span className="api-token-name">{token.name}</span>
        <span className="api-token-meta">
          <code>{token.prefix}…</code>
          {token.revokedAt ? (
            <span className="badge badge-warning">
              <FormattedMessage {...messages.revoked} />
            </span>
          ) : expired ? (
            <span className="badge badge-warning">
              <FormattedMessage {...messages.expired} />
            </span>
          ) : null}
        </span>
        <span className="api-token-meta">{token.scopes.join(' · ')}</span>
        <span className="api-token-meta">
          <span>
            {token.lastUsedAt ? (
              <FormattedMessage
                {...messages.lastUsed}
                values={{ time: <RelativeTime value={token.lastUsedAt} /> }}
              />
            ) : (
              <FormattedMessage {...messages.neverUsed} />
            )}
          </span>
          <span>
            {token.createdBy ? (
              <FormattedMessage
                {...messages.created}
                values={{ time: <RelativeTime value={token.createdAt} />, name: token.createdBy.name }}
              />
            ) : (
              <FormattedMessage
                {...messages.createdNoName}
                values={{ time: <RelativeTime value={token.createdAt} /> }}
              />
            )}
          </span>
          {token.expiresAt && !expired ? (
            <span>
              <FormattedMessage
                {...messages.expiresAt}
                values={{ time: <RelativeTime value={token.expiresAt} /> }}
              />
            </span>
          ) : null}
        </span>
      </div>
      {token.revokedAt ? null : (
        <button
          type="button"
          className="button button-small button-danger"
          aria-label={intl.formatMessage(messages.revokeLabel, { name: token.name })}
          onClick={() => setConfirming(true)}
        >
          <FormattedMessage {...messages.revoke} />
        </button>
      )}
      <ConfirmDialog
        open={confirming}
        danger
        title={intl.formatMessage(messages.revokeTitle, { name: token.name })}
        confirmLabel={<FormattedMessage {...messages.revokeConfirm} />}
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoke.mutate({ id: token.id })}
        onCancel={() => setConfirming(false)}
      >
        <FormattedMessage {...messages.revokeText} />
      </ConfirmDialog>
    </li>
  );
}
