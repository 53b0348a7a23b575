import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ColorInput, useAutosavedColor } from '../../../components/color-input';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { TextField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import type { TProcessStatus } from '../types';
import { StatusBadge } from './status-badge';

const messages = defineMessages({
  title: { id: 'processes.title', defaultMessage: 'Customer processes' },
  description: {
    id: 'processes.description',
    defaultMessage:
      'The statuses your team sets on visitors to follow them through your process, e.g. new lead → offer → won or lost. Agents set them in the chat and the CRM.',
  },
  addTitle: { id: 'processes.add.title', defaultMessage: 'Add status' },
  name: { id: 'processes.add.name', defaultMessage: 'Status name' },
  namePlaceholder: { id: 'processes.add.namePlaceholder', defaultMessage: 'e.g. Offer sent' },
  color: { id: 'processes.add.color', defaultMessage: 'Colour' },
  add: { id: 'processes.add.submit', defaultMessage: 'Add status' },
  listTitle: { id: 'processes.list.title', defaultMessage: 'Statuses, in order' },
  listHint: {
    id: 'processes.list.hint',
    defaultMessage: 'The order is the order of your process; agents see it in every status list.',
  },
  empty: { id: 'processes.empty', defaultMessage: 'No statuses yet' },
  emptyText: {
    id: 'processes.emptyText',
    defaultMessage: 'Add the first step of your process above, for example “New lead”.',
  },
  rowName: defineMessage<{ name: string }>({ id: 'processes.row.name', defaultMessage: 'Name of {name}' }),
  rowColor: defineMessage<{ name: string }>({
    id: 'processes.row.color',
    defaultMessage: 'Colour of {name}',
  }),
  rename: { id: 'processes.row.rename', defaultMessage: 'Rename' },
  renameLabel: defineMessage<{ name: string }>({
    id: 'processes.row.renameLabel',
    defaultMessage: 'Save the new name of {name}',
  }),
  up: defineMessage<{ name: string }>({ id: 'processes.row.up', defaultMessage: 'Move {name} up' }),
  down: defineMessage<{ name: string }>({ id: 'processes.row.down', defaultMessage: 'Move {name} down' }),
  delete: { id: 'processes.row.delete', defaultMessage: 'Delete' },
  deleteLabel: defineMessage<{ name: string }>({
    id: 'processes.row.deleteLabel',
    defaultMessage: 'Delete {name}',
  }),
  deleteTitle: defineMessage<{ name: string }>({
    id: 'processes.delete.title',
    defaultMessage: 'Delete the status {name}?',
  }),
  deleteText: {
    id: 'processes.delete.text',
    defaultMessage:
      'Visitors with this status are left without a status. Their status history keeps the change.',
  },
  deleteConfirm: { id: 'processes.delete.confirm', defaultMessage: 'Delete status' },
});

// Suggestions for the next status, so a new list isn't all one colour.
const PALETTE = ['#2f6fed', '#f59e0b', '#8b5cf6', '#16a34a', '#dc2626', '#0891b2', '#db2777', '#64748b'];

/** D3 Manage → Customer processes (admins): ordered statuses with colours. */
export function ProcessesPage() {
  const statuses = trpc.processes.list.useQuery();
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <Section title={<FormattedMessage {...messages.addTitle} />}>
        <AddStatusForm count={statuses.data?.length ?? 0} />
      </Section>
      <Section
        title={<FormattedMessage {...messages.listTitle} />}
        description={<FormattedMessage {...messages.listHint} />}
      >
        {statuses.isPending ? (
          <Loading />
        ) : statuses.isError ? (
          <ErrorState error={statuses.error} onRetry={() => statuses.refetch()} />
        ) : statuses.data.length === 0 ? (
          <EmptyState title={<FormattedMessage {...messages.empty} />}>
            <FormattedMessage {...messages.emptyText} />
          </EmptyState>
        ) : (
          <StatusList statuses={statuses.data} />
        )}
      </Section>
    </Page>
  );
}

function AddStatusForm({ count }: { count: number }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const [color, setColor] = useState(PALETTE[0] as string);
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  // Suggest the next palette colour as the list grows, until the admin picks one themselves.
  const [picked, setPicked] = useState(false);
  useEffect(() => {
    if (!picked) setColor(PALETTE[count % PALETTE.length] as string);
  }, [count, picked]);
  const create = trpc.processes.create.useMutation({
    onSuccess: async () => {
      setName('');
      setPicked(false);
      await utils.processes.list.invalidate();
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields({ name }, { name: ['required'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    create.mutate({ name: name.trim(), color });
  }

  return (
    <form className="form process-add" onSubmit={submit} noValidate>
      <div className="process-add-row">
        <TextField
          label={intl.formatMessage(messages.name)}
          name="name"
          maxLength={60}
          autoComplete="off"
          placeholder={intl.formatMessage(messages.namePlaceholder)}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={fieldErrors.name}
        />
        <div className="field field-color">
          <ColorInput
            label={intl.formatMessage(messages.color)}
            value={color}
            onChange={(value) => {
              setPicked(true);
              setColor(value);
            }}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          <FormattedMessage {...messages.add} />
        </button>
      </div>
      <FormError error={create.error} />
    </form>
  );
}

function StatusList({ statuses }: { statuses: TProcessStatus[] }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const reorder = trpc.processes.reorder.useMutation({
    onSettled: () => utils.processes.list.invalidate(),
  });

  function move(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= statuses.length) return;
    const next = [...statuses];
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(target, 0, item);
    // Move at once; the server's answer (or a refetch after a failure) has the final word.
    utils.processes.list.setData(undefined, next);
    reorder.mutate({ ids: next.map((status) => status.id) });
    // Keep the keyboard where it was: on the same button of the moved row.
    requestAnimationFrame(() => {
      const button = document.querySelector<HTMLButtonElement>(
        `[data-status-id="${item.id}"] [data-move="${by === -1 ? 'up' : 'down'}"]`,
      );
      if (button && !button.disabled) button.focus();
      else document.querySelector<HTMLInputElement>(`[data-status-id="${item.id}"] input`)?.focus();
    });
  }

  return (
    <>
      <FormError error={reorder.error} />
      <ol className="process-list" aria-label={intl.formatMessage(messages.listTitle)}>
        {statuses.map((status, index) => (
          <StatusRow
            key={status.id}
            status={status}
            first={index === 0}
            last={index === statuses.length - 1}
            onMove={(by) => move(index, by)}
          />
        ))}
      </ol>
    </>
  );
}

function StatusRow({
  status,
  first,
  last,
  onMove,
}: {
  status: TProcessStatus;
  first: boolean;
  last: boolean;
  onMove: (by: -1 | 1) => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const nameId = useId();
  const [name, setName] = useState(status.name);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setName(status.name), [status.name]);
  const update = trpc.processes.update.useMutation({
    onSettled: () => utils.processes.list.invalidate(),
  });
  const { mutate } = update;
  const [color, setColor] = useAutosavedColor(
    status.color,
    useCallback((value: string) => mutate({ id: status.id, color: value }), [mutate, status.id]),
  );
  const remove = trpc.processes.delete.useMutation({
    onSuccess: async () => {
      setConfirming(false);
      await utils.processes.list.invalidate();
      void utils.crm.visitors.invalidate();
      void utils.crm.visitor.invalidate();
    },
  });
  const renamed = name.trim() !== '' && name.trim() !== status.name;

  function rename(event: FormEvent) {
    event.preventDefault();
    if (renamed) update.mutate({ id: status.id, name: name.trim() });
  }

  return (
    <li className="edit-row" data-status-id={status.id}>
      <form className="edit-row-form" onSubmit={rename}>
        <StatusBadge status={{ name: status.name, color }} />
        <div className="edit-row-name">
          <label htmlFor={nameId} className="visually-hidden">
            {intl.formatMessage(messages.rowName, { name: status.name })}
          </label>
          <input
            id={nameId}
            className="input"
            maxLength={60}
            value={name}
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setName(status.name);
            }}
          />
          {renamed ? (
            <button
              type="submit"
              className="button button-small button-primary"
              aria-label={intl.formatMessage(messages.renameLabel, { name: status.name })}
              disabled={update.isPending}
            >
              <FormattedMessage {...messages.rename} />
            </button>
          ) : null}
        </div>
        <span className="edit-row-color">
          <ColorInput
            hiddenLabel
            label={intl.formatMessage(messages.rowColor, { name: status.name })}
            value={color}
            onChange={setColor}
          />
        </span>
        <span className="edit-row-actions">
          <button
            type="button"
            className="button button-small button-icon"
            data-move="up"
            aria-label={intl.formatMessage(messages.up, { name: status.name })}
            disabled={first}
            onClick={() => onMove(-1)}
          >
            <span aria-hidden="true">↑</span>
          </button>
          <button
            type="button"
            className="button button-small button-icon"
            data-move="down"
            aria-label={intl.formatMessage(messages.down, { name: status.name })}
            disabled={last}
            onClick={() => onMove(1)}
          >
            <span aria-hidden="true">↓</span>
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            aria-label={intl.formatMessage(messages.deleteLabel, { name: status.name })}
            onClick={() => setConfirming(true)}
          >
            <FormattedMessage {...messages.delete} />
          </button>
        </span>
      </form>
      <FormError error={update.error} />
      <ConfirmDialog
        open={confirming}
        danger
        title={intl.formatMessage(messages.deleteTitle, { name: status.name })}
        confirmLabel={<FormattedMessage {...messages.deleteConfirm} />}
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => {
          remove.reset();
          setConfirming(false);
        }}
        onConfirm={() => remove.mutate({ id: status.id })}
      >
        <p>
          <FormattedMessage {...messages.deleteText} />
        </p>
      </ConfirmDialog>
    </li>
  );
}
