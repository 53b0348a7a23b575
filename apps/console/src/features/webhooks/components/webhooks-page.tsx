import { type FormEvent, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { CopyField } from '../../../components/copy-field';
import { DataTable } from '../../../components/data-table';
import { TextField } from '../../../components/field';
import { Page } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';

type TEndpoint = TRouterOutputs['webhooks']['list']['endpoints'][number];
type TEventType = TRouterOutputs['webhooks']['list']['eventTypes'][number];

const messages = defineMessages({
  title: { id: 'webhooks.title', defaultMessage: 'Webhooks' },
  description: {
    id: 'webhooks.description',
    defaultMessage:
      'Parley posts chosen events to your own systems, signed by the Standard Webhooks spec. Failed deliveries are retried for about a day, in order per conversation.',
  },
  add: { id: 'webhooks.add', defaultMessage: 'Add endpoint' },
  addTitle: { id: 'webhooks.addTitle', defaultMessage: 'New endpoint' },
  url: { id: 'webhooks.url', defaultMessage: 'Endpoint URL' },
  urlHint: {
    id: 'webhooks.urlHint',
    defaultMessage: 'A public https:// address. Redirects are not followed.',
  },
  note: { id: 'webhooks.note', defaultMessage: 'Description (optional)' },
  events: { id: 'webhooks.events', defaultMessage: 'Events to send' },
  create: { id: 'webhooks.create', defaultMessage: 'Add endpoint' },
  creating: { id: 'webhooks.creating', defaultMessage: 'Adding…' },
  cancel: { id: 'webhooks.cancel', defaultMessage: 'Cancel' },
  empty: { id: 'webhooks.empty', defaultMessage: 'No endpoints yet' },
  emptyText: {
    id: 'webhooks.emptyText',
    defaultMessage: 'Add an endpoint to receive chats, messages and ratings in your CRM or your own service.',
  },
  list: { id: 'webhooks.list', defaultMessage: 'Endpoints' },
  secretLabel: { id: 'webhooks.secret', defaultMessage: 'Signing secret' },
  secretNotice: {
    id: 'webhooks.secretNotice',
    defaultMessage: 'Give this secret to the receiver: it verifies the webhook-signature header with it.',
  },
  enabled: { id: 'webhooks.status.enabled', defaultMessage: 'On' },
  disabled: { id: 'webhooks.status.disabled', defaultMessage: 'Off' },
  disabledFailing: {
    id: 'webhooks.status.disabledFailing',
    defaultMessage: 'Turned off after failing for days',
  },
  failing: { id: 'webhooks.status.failing', defaultMessage: 'Failing' },
  turnOn: { id: 'webhooks.turnOn', defaultMessage: 'Turn on' },
  turnOff: { id: 'webhooks.turnOff', defaultMessage: 'Turn off' },
  sendTest: { id: 'webhooks.sendTest', defaultMessage: 'Send test event' },
  testQueued: { id: 'webhooks.testQueued', defaultMessage: 'Test event queued. See the delivery log.' },
  showSecret: { id: 'webhooks.showSecret', defaultMessage: 'Show secret' },
  rotate: { id: 'webhooks.rotate', defaultMessage: 'New secret' },
  rotateTitle: { id: 'webhooks.rotateTitle', defaultMessage: 'Replace the signing secret?' },
  rotateText: {
    id: 'webhooks.rotateText',
    defaultMessage: 'The old secret stops working at once. Update the receiver with the new one.',
  },
  edit: { id: 'webhooks.edit', defaultMessage: 'Edit' },
  save: { id: 'webhooks.save', defaultMessage: 'Save' },
  urlChanged: {
    id: 'webhooks.urlChanged',
    defaultMessage: 'A new address gets a new signing secret: set it on the new receiver.',
  },
  delete: { id: 'webhooks.delete', defaultMessage: 'Delete' },
  deleteTitle: defineMessage<{ url: string }>({
    id: 'webhooks.deleteTitle',
    defaultMessage: 'Delete the endpoint {url}?',
  }),
  deleteText: {
    id: 'webhooks.deleteText',
    defaultMessage: 'Its delivery log goes too, and waiting events are not sent. This can’t be undone.',
  },
  actionsFor: defineMessage<{ url: string }>({ id: 'webhooks.actionsFor', defaultMessage: 'Endpoint {url}' }),
  log: { id: 'webhooks.log', defaultMessage: 'Delivery log' },
  hideLog: { id: 'webhooks.hideLog', defaultMessage: 'Hide delivery log' },
  logEmpty: { id: 'webhooks.logEmpty', defaultMessage: 'Nothing sent yet.' },
  colEvent: { id: 'webhooks.col.event', defaultMessage: 'Event' },
  colStatus: { id: 'webhooks.col.status', defaultMessage: 'Status' },
  colResponse: { id: 'webhooks.col.response', defaultMessage: 'Response' },
  colAttempts: { id: 'webhooks.col.attempts', defaultMessage: 'Attempts' },
  colTime: { id: 'webhooks.col.time', defaultMessage: 'Created' },
  colActions: { id: 'webhooks.col.actions', defaultMessage: 'Actions' },
  replay: { id: 'webhooks.replay', defaultMessage: 'Send again' },
  replayLabel: defineMessage<{ event: string }>({
    id: 'webhooks.replayLabel',
    defaultMessage: 'Send {event} again',
  }),
  refresh: { id: 'webhooks.refresh', defaultMessage: 'Refresh' },
  statusPending: { id: 'webhooks.delivery.pending', defaultMessage: 'Waiting' },
  statusSucceeded: { id: 'webhooks.delivery.succeeded', defaultMessage: 'Delivered' },
  statusFailed: { id: 'webhooks.delivery.failed', defaultMessage: 'Gave up' },
  noResponse: { id: 'webhooks.delivery.noResponse', defaultMessage: 'No response' },
});

const eventMessages: Record<TEventType, MessageDescriptor> = defineMessages({
  'conversation.created': {
    id: 'webhooks.event.conversationCreated',
    defaultMessage: 'Conversation created',
  },
  'conversation.assigned': {
    id: 'webhooks.event.conversationAssigned',
    defaultMessage: 'Conversation assigned',
  },
  'conversation.closed': { id: 'webhooks.event.conversationClosed', defaultMessage: 'Conversation closed' },
  'message.created': { id: 'webhooks.event.messageCreated', defaultMessage: 'Message created' },
  'visitor.updated': { id: 'webhooks.event.visitorUpdated', defaultMessage: 'Visitor updated' },
  'call.ended': { id: 'webhooks.event.callEnded', defaultMessage: 'Call ended' },
  'rating.given': { id: 'webhooks.event.ratingGiven', defaultMessage: 'Rating given' },
});

const deliveryStatus: Record<string, MessageDescriptor> = {
  pending: messages.statusPending,
  succeeded: messages.statusSucceeded,
  failed: messages.statusFailed,
};

/** J7 Manage → Webhooks (admins): endpoints, their secrets, test events and delivery logs. */
export function WebhooksPage() {
  const intl = useIntl();
  const list = trpc.webhooks.list.useQuery();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {secret ? (
        <div className="card">
          <Notice>
            <FormattedMessage {...messages.secretNotice} />
          </Notice>
          <CopyField label={intl.formatMessage(messages.secretLabel)} value={secret} />
        </div>
      ) : null}
      {adding ? (
        <EndpointForm
          eventTypes={list.data?.eventTypes ?? []}
          onDone={(created) => {
            setAdding(false);
            if (created) setSecret(created);
          }}
        />
      ) : (
        <p>
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            <FormattedMessage {...messages.add} />
          </button>
        </p>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.endpoints.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.empty} />}>
          <FormattedMessage {...messages.emptyText} />
        </EmptyState>
      ) : (
        <ul className="webhook-list" aria-label={intl.formatMessage(messages.list)}>
          {list.data.endpoints.map((endpoint) => (
            <EndpointItem
              key={endpoint.id}
              endpoint={endpoint}
              eventTypes={list.data.eventTypes}
              onSecret={setSecret}
            />
          ))}
        </ul>
      )}
    </Page>
  );
}

function EventChoices({
  eventTypes,
  value,
  onChange,
  error,
}: {
  eventTypes: TEventType[];
  value: TEventType[];
  onChange: (next: TEventType[]) => void;
  error?: string | undefined;
}) {
  const intl = useIntl();
  const id = useId();
  return (
    <fieldset
      className="field checkbox-group"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{intl.formatMessage(messages.events)}</legend>
      {eventTypes.map((type) => (
        <label key={type} className="checkbox">
          <input
            type="checkbox"
            checked={value.includes(type)}
            onChange={(event) =>
              onChange(event.target.checked ? [...value, type] : value.filter((t) => t !== type))
            }
          />{' '}
          {intl.formatMessage(eventMessages[type])} <code>{type}</code>
        </label>
      ))}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function EndpointForm({
  eventTypes,
  endpoint,
  onDone,
}: {
  eventTypes: TEventType[];
  endpoint?: TEndpoint;
  onDone: (secret: string | null) => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [events, setEvents] = useState<TEventType[]>(endpoint?.events ?? ['message.created']);
  const create = trpc.webhooks.create.useMutation({
    onSuccess: async (result) => {
      await utils.webhooks.list.invalidate();
      onDone(result.secret);
    },
  });
  const update = trpc.webhooks.update.useMutation({
    onSuccess: async (result) => {
      await utils.webhooks.list.invalidate();
      onDone(result.secret);
    },
  });
  const mutation = endpoint ? update : create;
  const fieldErrors = useFieldErrors({}, mutation.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (endpoint) update.mutate({ id: endpoint.id, url, description, events });
    else create.mutate({ url, description, events });
  }
  return (
    <form
      className="card form"
      onSubmit={submit}
      aria-label={intl.formatMessage(endpoint ? messages.edit : messages.addTitle)}
    >
      <TextField
        label={intl.formatMessage(messages.url)}
        type="url"
        required
        maxLength={2000}
        autoComplete="off"
        value={url}
        onChange={(event) => setUrl(event.target.value)}
        hint={intl.formatMessage(endpoint ? messages.urlChanged : messages.urlHint)}
        error={fieldErrors.url}
      />
      <TextField
        label={intl.formatMessage(messages.note)}
        maxLength={200}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
      />
      <EventChoices eventTypes={eventTypes} value={events} onChange={setEvents} error={fieldErrors.events} />
      <FormError error={mutation.error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? (
            <FormattedMessage {...messages.creating} />
          ) : (
            <FormattedMessage {...(endpoint ? messages.save : messages.create)} />
          )}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          <FormattedMessage {...messages.cancel} />
        </button>
      </div>
    </form>
  );
}

function EndpointItem({
  endpoint,
  eventTypes,
  onSecret,
}: {
  endpoint: TEndpoint;
  eventTypes: TEventType[];
  onSecret: (secret: string) => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const headingId = useId();
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [confirm, setConfirm] = useState<'delete' | 'rotate' | null>(null);
  const refresh = () => utils.webhooks.invalidate();
  const toggle = trpc.webhooks.update.useMutation({ onSuccess: refresh });
  const test = trpc.webhooks.sendTest.useMutation({
    onSuccess: async () => {
      setShowLog(true);
      await refresh();
    },
  });
  const reveal = trpc.webhooks.revealSecret.useMutation({ onSuccess: (r) => onSecret(r.secret) });
  const rotate = trpc.webhooks.rotateSecret.useMutation({
    onSuccess: (r) => {
      setConfirm(null);
      onSecret(r.secret);
    },
  });
  const remove = trpc.webhooks.remove.useMutation({
    onSuccess: async () => {
      setConfirm(null);
      await refresh();
    },
  });
  const status = endpoint.enabled
    ? endpoint.failingSince
      ? messages.failing
      : messages.enabled
    : endpoint.disabledReason === 'failing'
      ? messages.disabledFailing
      : messages.disabled;
  return (
    <li className="card webhook-item" aria-labelledby={headingId}>
      <header className="card-header">
        <h2 id={headingId} className="webhook-url">
          {endpoint.url}
        </h2>
        <span
          className={`badge ${endpoint.enabled && !endpoint.failingSince ? 'badge-success' : 'badge-warning'}`}
        >
          {intl.formatMessage(status)}
        </span>
        {endpoint.description ? <p className="card-description">{endpoint.description}</p> : null}
        <p className="card-description">
          {endpoint.events.map((e) => intl.formatMessage(eventMessages[e])).join(', ')}
        </p>
      </header>
      {editing ? (
        <EndpointForm
          eventTypes={eventTypes}
          endpoint={endpoint}
          onDone={(secret) => {
            setEditing(false);
            if (secret) onSecret(secret);
          }}
        />
      ) : null}
      <fieldset className="form-actions webhook-actions">
        <legend className="visually-hidden">
          {intl.formatMessage(messages.actionsFor, { url: endpoint.url })}
        </legend>
        <button
          type="button"
          className="button button-small"
          disabled={test.isPending || !endpoint.enabled}
          onClick={() => test.mutate({ id: endpoint.id })}
        >
          <FormattedMessage {...messages.sendTest} />
        </button>
        <button
          type="button"
          className="button button-small"
          aria-expanded={showLog}
          onClick={() => setShowLog((v) => !v)}
        >
          <FormattedMessage {...(showLog ? messages.hideLog : messages.log)} />
        </button>
        <button type="button" className="button button-small" onClick={() => setEditing((v) => !v)}>
          <FormattedMessage {...messages.edit} />
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={toggle.isPending}
          onClick={() => toggle.mutate({ id: endpoint.id, enabled: !endpoint.enabled })}
        >
          <FormattedMessage {...(endpoint.enabled ? messages.turnOff : messages.turnOn)} />
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={reveal.isPending}
          onClick={() => reveal.mutate({ id: endpoint.id })}
        >
          <FormattedMessage {...messages.showSecret} />
        </button>
        <button type="button" className="button button-small" onClick={() => setConfirm('rotate')}>
          <FormattedMessage {...messages.rotate} />
        </button>
        <button
          type="button"
          className="button button-small button-danger"
          onClick={() => setConfirm('delete')}
        >
          <FormattedMessage {...messages.delete} />
        </button>
      </fieldset>
      {test.isSuccess ? (
        <Notice>
          <FormattedMessage {...messages.testQueued} />
        </Notice>
      ) : null}
      <FormError error={test.error ?? toggle.error ?? reveal.error} />
      {showLog ? <DeliveryLog endpointId={endpoint.id} /> : null}
      <ConfirmDialog
        open={confirm === 'delete'}
        danger
        title={intl.formatMessage(messages.deleteTitle, { url: endpoint.url })}
        confirmLabel={<FormattedMessage {...messages.delete} />}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ id: endpoint.id })}
        onCancel={() => setConfirm(null)}
      >
        <FormattedMessage {...messages.deleteText} />
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'rotate'}
        title={<FormattedMessage {...messages.rotateTitle} />}
        confirmLabel={<FormattedMessage {...messages.rotate} />}
        pending={rotate.isPending}
        error={rotate.error}
        onConfirm={() => rotate.mutate({ id: endpoint.id })}
        onCancel={() => setConfirm(null)}
      >
        <FormattedMessage {...messages.rotateText} />
      </ConfirmDialog>
    </li>
  );
}

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const intl = useIntl();
  const log = trpc.webhooks.deliveries.useQuery({ endpointId }, { refetchInterval: 3000 });
  const utils = trpc.useUtils();
  const replay = trpc.webhooks.replay.useMutation({
    onSuccess: () => utils.webhooks.deliveries.invalidate({ endpointId }),
  });
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => log.refetch()} />;
  if (log.data.deliveries.length === 0)
    return (
      <p className="state-text">
        <FormattedMessage {...messages.logEmpty} />
      </p>
    );
  return (
    <>
      <FormError error={replay.error} />
      <DataTable
        label={intl.formatMessage(messages.log)}
        headers={[
          messages.colEvent,
          messages.colStatus,
          messages.colResponse,
          messages.colAttempts,
          messages.colTime,
          messages.colActions,
        ].map((m) => intl.formatMessage(m))}
      >
        {log.data.deliveries.map((d) => (
          <tr key={d.id}>
            <td>
              <code>{d.type}</code>
            </td>
            <td>
              {intl.formatMessage((deliveryStatus[d.status] ?? messages.statusPending) as MessageDescriptor)}
            </td>
            <td>
              {d.lastStatusCode ?? (d.attempts > 0 ? intl.formatMessage(messages.noResponse) : '—')}
              {d.lastError ? <span className="field-hint"> {d.lastError}</span> : null}
            </td>
            <td>{d.attempts}</td>
            <td>
              <time dateTime={d.createdAt}>
                {intl.formatDate(d.createdAt, { dateStyle: 'short', timeStyle: 'medium' })}
              </time>
            </td>
            <td>
              {d.status !== 'pending' ? (
                <button
                  type="button"
                  className="button button-small"
                  aria-label={intl.formatMessage(messages.replayLabel, { event: d.type })}
                  disabled={replay.isPending}
                  onClick={() => replay.mutate({ id: d.id })}
                >
                  <FormattedMessage {...messages.replay} />
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
