import { useId } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { FormError, Spinner } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { isAdmin, useMe } from '../../../lib/use-me';
import type { TStatusRef } from '../types';

export const statusSelectMessages = defineMessages({
  label: { id: 'crm.status.label', defaultMessage: 'Customer status' },
  none: { id: 'crm.status.none', defaultMessage: 'No status' },
  noStatuses: {
    id: 'crm.status.noStatuses',
    defaultMessage: 'No customer statuses yet. An admin defines them in Manage → Customer processes.',
  },
  defineStatuses: { id: 'crm.status.define', defaultMessage: 'Define customer processes' },
});

const m = statusSelectMessages;

/**
 * D3: the visitor's customer-process status, changed on the spot (chat visitor panel and CRM record).
 * The server keeps every change as history and tells every console (`visitor.changed`).
 */
export function StatusSelect({ visitorId, current }: { visitorId: string; current: { id: string } | null }) {
  const intl = useIntl();
  const id = useId();
  const me = useMe();
  const utils = trpc.useUtils();
  const statuses = trpc.processes.list.useQuery();
  const setStatus = trpc.crm.setStatus.useMutation({
    // Show the choice at once; the record (with its history) is refetched when the server answers.
    onMutate: ({ statusId }) => {
      const chosen = statuses.data?.find((status) => status.id === statusId);
      utils.crm.visitor.setData({ visitorId }, (data) =>
        data
          ? { ...data, status: chosen ? { id: chosen.id, name: chosen.name, color: chosen.color } : null }
          : data,
      );
    },
    onSettled: () => {
      void utils.crm.visitor.invalidate({ visitorId });
      void utils.crm.visitors.invalidate();
    },
  });
  const value = current?.id ?? '';
  const selected: TStatusRef | undefined = statuses.data?.find((status) => status.id === value);

  if (statuses.isSuccess && statuses.data.length === 0 && !current) {
    return (
      <div className="status-select">
        <span className="field-label">
          <FormattedMessage {...m.label} />
        </span>
        <p className="muted status-empty">
          <FormattedMessage {...m.noStatuses} />{' '}
          {isAdmin(me) ? (
            <Link to="/manage/processes">
              <FormattedMessage {...m.defineStatuses} />
            </Link>
          ) : null}
        </p>
      </div>
    );
  }

  return (
    <div className="field status-select">
      <label htmlFor={id}>
        <FormattedMessage {...m.label} />
      </label>
      <div className="status-select-row">
        <span
          className="status-swatch status-swatch-large"
          aria-hidden="true"
          style={{ background: selected?.color ?? 'transparent' }}
        />
        <select
          id={id}
          value={value}
          disabled={statuses.isPending || setStatus.isPending}
          onChange={(event) => setStatus.mutate({ visitorId, statusId: event.target.value || null })}
        >
          <option value="">{intl.formatMessage(m.none)}</option>
          {statuses.data?.map((status) => (
            <option key={status.id} value={status.id}>
              {status.name}
            </option>
          ))}
        </select>
        {setStatus.isPending ? <Spinner small /> : null}
      </div>
      <FormError error={setStatus.error ?? statuses.error} />
    </div>
  );
}
