import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ErrorState, Spinner } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { StatusSelect } from './status-select';

const messages = defineMessages({
  section: { id: 'visitorPanel.crm', defaultMessage: 'CRM' },
  record: { id: 'visitorPanel.crmRecord', defaultMessage: 'Open the CRM record' },
});

/**
 * D3 in the chat's visitor panel: the customer-process status, set without leaving the chat, and the way
 * to the visitor's CRM record (notes, all conversations, history). `visitor.changed` keeps it live.
 */
export function VisitorCrmSection({ visitorId }: { visitorId: string }) {
  const intl = useIntl();
  const record = trpc.crm.visitor.useQuery({ visitorId });
  return (
    <section className="visitor-crm" aria-label={intl.formatMessage(messages.section)}>
      {record.isPending ? (
        <Spinner small />
      ) : record.isError ? (
        <ErrorState error={record.error} onRetry={() => record.refetch()} />
      ) : (
        <StatusSelect visitorId={visitorId} current={record.data.status} />
      )}
      <p className="visitor-crm-link">
        <Link to={`/crm/visitors/${visitorId}`}>
          <FormattedMessage {...messages.record} />
        </Link>
      </p>
    </section>
  );
}
