import { useParams } from 'react-router';
import { ErrorState, Loading } from '../../../../components/status';
import { trpc } from '../../../../lib/trpc';
import { BackLink } from './back-link';
import { VisitorRecord } from './visitor-record';

/** D1: one visitor's record. */
export function VisitorRecordPage() {
  const { visitorId = '' } = useParams();
  const record = trpc.crm.visitor.useQuery({ visitorId });
  if (record.isPending) return <Loading />;
  if (record.isError)
    return (
      <div className="page">
        <BackLink />
        <ErrorState error={record.error} onRetry={() => record.refetch()} />
      </div>
    );
  return <VisitorRecord record={record.data} />;
}
