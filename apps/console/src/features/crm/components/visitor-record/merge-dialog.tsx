import { useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../../components/confirm-dialog';
import { TextField } from '../../../../components/field';
import { ErrorState, Loading } from '../../../../components/status';
import { trpc } from '../../../../lib/trpc';
import { useVisitorName } from '../../../../lib/use-visitor-name';
import type { TVisitorRecord } from '../../types';
import { visitorNumberMessage } from './record-messages';

const messages = defineMessages({
  mergeTitle: defineMessage<{ name: string }>({
    id: 'crm.record.mergeTitle',
    defaultMessage: 'Merge a duplicate into {name}',
  }),
  mergeSearch: { id: 'crm.record.mergeSearch', defaultMessage: 'Find the duplicate' },
  mergeSearchPlaceholder: {
    id: 'crm.record.mergeSearchPlaceholder',
    defaultMessage: 'Name, email, phone or number',
  },
  mergeResults: { id: 'crm.record.mergeResults', defaultMessage: 'Visitors to merge' },
  mergeNone: { id: 'crm.record.mergeNone', defaultMessage: 'No other visitor matches.' },
  mergeExplain: defineMessage<{ source: string; target: string }>({
    id: 'crm.record.mergeExplain',
    defaultMessage:
      'All conversations, notes, visits, identities, tags, reminders and status history of {source} move to {target}, and the record of {source} is deleted. Contact data missing here is taken from {source}.',
  }),
  mergePick: {
    id: 'crm.record.mergePick',
    defaultMessage: 'Search, then pick the duplicate record that should be merged into this one.',
  },
  mergeConfirm: { id: 'crm.record.mergeConfirm', defaultMessage: 'Merge' },
});

export function MergeDialog({
  open,
  record,
  name,
  onClose,
  onMerged,
}: {
  open: boolean;
  record: TVisitorRecord;
  name: string;
  onClose: () => void;
  onMerged: (name: string) => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const visitorName = useVisitorName();
  const radioName = useId();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [sourceId, setSourceId] = useState<string | null>(null);
  const candidates = trpc.crm.visitors.useQuery(search ? { q: search } : {}, { enabled: open });
  const options = (candidates.data?.items ?? []).filter((visitor) => visitor.id !== record.id);
  const source = options.find((visitor) => visitor.id === sourceId);
  const merge = trpc.crm.merge.useMutation({
    onSuccess: async () => {
      if (source) onMerged(visitorName(source));
      close();
      await Promise.all([utils.crm.visitor.invalidate(), utils.crm.visitors.invalidate()]);
    },
  });

  function close() {
    setQ('');
    setSearch('');
    setSourceId(null);
    merge.reset();
    onClose();
  }

  return (
    <ConfirmDialog
      open={open}
      title={intl.formatMessage(messages.mergeTitle, { name })}
      confirmLabel={<FormattedMessage {...messages.mergeConfirm} />}
      confirmDisabled={!source}
      pending={merge.isPending}
      error={merge.error}
      onCancel={close}
      onConfirm={() => {
        if (source) merge.mutate({ targetId: record.id, sourceId: source.id });
      }}
    >
      <div className="merge-search">
        <TextField
          label={intl.formatMessage(messages.mergeSearch)}
          type="search"
          value={q}
          maxLength={200}
          placeholder={intl.formatMessage(messages.mergeSearchPlaceholder)}
          onChange={(event) => setQ(event.target.value)}
          onKeyDown={(event) => {
            // Enter searches here instead of submitting the dialog.
            if (event.key === 'Enter') {
              event.preventDefault();
              setSearch(q.trim());
            }
          }}
          onBlur={() => setSearch(q.trim())}
        />
      </div>
      {candidates.isPending ? (
        <Loading />
      ) : candidates.isError ? (
        <ErrorState error={candidates.error} onRetry={() => candidates.refetch()} />
      ) : options.length === 0 ? (
        <p className="muted">
          <FormattedMessage {...messages.mergeNone} />
        </p>
      ) : (
        <fieldset className="radio-group merge-candidates">
          <legend>{intl.formatMessage(messages.mergeResults)}</legend>
          {options.slice(0, 20).map((visitor) => (
            <label key={visitor.id} className="merge-candidate">
              <input
                type="radio"
                name={radioName}
                value={visitor.id}
                checked={sourceId === visitor.id}
                onChange={() => setSourceId(visitor.id)}
              />
              <span>
                <bdi className="member-name">{visitorName(visitor)}</bdi>{' '}
                <span className="muted">
                  {[
                    visitor.email,
                    visitor.phone,
                    intl.formatMessage(visitorNumberMessage, { number: visitor.number }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <p className={source ? 'dialog-warning' : 'muted'}>
        {source
          ? intl.formatMessage(messages.mergeExplain, { source: visitorName(source), target: name })
          : intl.formatMessage(messages.mergePick)}
      </p>
    </ConfirmDialog>
  );
}
