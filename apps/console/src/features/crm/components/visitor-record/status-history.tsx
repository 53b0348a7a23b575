import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { RelativeTime } from '../../../../components/relative-time';
import type { TVisitorRecord } from '../../types';
import { StatusBadge } from '../status-badge';

const messages = defineMessages({
  history: { id: 'crm.record.history', defaultMessage: 'Status history' },
  historyEmpty: { id: 'crm.record.historyEmpty', defaultMessage: 'The status has not changed yet.' },
  historyItem: defineMessage<{ by: string }>({
    id: 'crm.record.historyBy',
    defaultMessage: 'by {by}',
  }),
  noStatus: { id: 'crm.record.noStatus', defaultMessage: 'No status' },
  to: { id: 'crm.record.historyTo', defaultMessage: 'to' },
});

export function StatusHistory({ record }: { record: TVisitorRecord }) {
  const intl = useIntl();
  const noStatus = <span className="muted">{intl.formatMessage(messages.noStatus)}</span>;
  return (
    <div className="crm-history">
      <h3 className="details-heading">
        <FormattedMessage {...messages.history} />
      </h3>
      {record.statusHistory.length === 0 ? (
        <p className="muted">
          <FormattedMessage {...messages.historyEmpty} />
        </p>
      ) : (
        <ol className="crm-history-list" aria-label={intl.formatMessage(messages.history)}>
          {record.statusHistory.map((change) => (
            <li key={`${change.at}-${change.to?.name ?? ''}`} className="crm-history-item">
              <span className="crm-history-change">
                {change.from ? <StatusBadge status={change.from} /> : noStatus}
                <span aria-hidden="true"> → </span>
                <span className="visually-hidden"> {intl.formatMessage(messages.to)} </span>
                {change.to ? <StatusBadge status={change.to} /> : noStatus}
              </span>
              <span className="muted crm-history-meta">
                {change.by ? `${intl.formatMessage(messages.historyItem, { by: change.by })} · ` : null}
                <RelativeTime value={change.at} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
