import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { DataTable } from '../../../components/data-table';
import { Page } from '../../../components/page';
import { EmptyState, ErrorState, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useVisitorName } from '../../../lib/use-visitor-name';

const messages = defineMessages({
  title: { id: 'bans.title', defaultMessage: 'Bans' },
  description: {
    id: 'bans.description',
    defaultMessage:
      'Visitors and addresses refused chat. Ban from a chat’s tools; every ban and unban is audited.',
  },
  none: { id: 'bans.none', defaultMessage: 'Nobody is banned.' },
  visitor: { id: 'bans.visitor', defaultMessage: 'Visitor' },
  ip: { id: 'bans.ip', defaultMessage: 'IP / range' },
  reason: { id: 'bans.reason', defaultMessage: 'Reason' },
  expires: { id: 'bans.expires', defaultMessage: 'Ends' },
  never: { id: 'bans.never', defaultMessage: 'Never' },
  by: { id: 'bans.by', defaultMessage: 'By' },
  actions: { id: 'bans.actions', defaultMessage: 'Actions' },
  unban: { id: 'bans.unban', defaultMessage: 'Unban' },
  unbanTitle: { id: 'bans.unbanTitle', defaultMessage: 'Lift this ban?' },
});

/** C4: active bans (expired ones drop out by themselves), with unban. */
export function BansPage() {
  const intl = useIntl();
  const visitorName = useVisitorName();
  const utils = trpc.useUtils();
  const bans = trpc.tools.bans.useQuery();
  const [lifting, setLifting] = useState<string | null>(null);
  const unban = trpc.tools.unban.useMutation({
    onSuccess: () => {
      setLifting(null);
      void utils.tools.bans.invalidate();
    },
  });
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {bans.isPending ? (
        <Loading />
      ) : bans.isError ? (
        <ErrorState error={bans.error} onRetry={() => bans.refetch()} />
      ) : bans.data.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.none} />} />
      ) : (
        <DataTable
          label={intl.formatMessage(messages.title)}
          headers={(['visitor', 'ip', 'reason', 'expires', 'by', 'actions'] as const).map((column) =>
            intl.formatMessage(messages[column]),
          )}
        >
          {bans.data.map((ban) => (
            <tr key={ban.id}>
              <td>
                {ban.visitor ? (
                  <Link to={`/crm/visitors/${ban.visitor.id}`}>
                    <bdi>{visitorName({ ...ban.visitor, city: null })}</bdi>
                  </Link>
                ) : null}
              </td>
              <td>{ban.ip}</td>
              <td>{ban.reason}</td>
              <td>
                {ban.expiresAt
                  ? intl.formatDate(new Date(ban.expiresAt), { dateStyle: 'medium', timeStyle: 'short' })
                  : intl.formatMessage(messages.never)}
              </td>
              <td>{ban.createdBy}</td>
              <td>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`${intl.formatMessage(messages.unban)}: ${ban.reason}`}
                  onClick={() => setLifting(ban.id)}
                >
                  <FormattedMessage {...messages.unban} />
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <ConfirmDialog
        open={lifting !== null}
        title={intl.formatMessage(messages.unbanTitle)}
        confirmLabel={intl.formatMessage(messages.unban)}
        pending={unban.isPending}
        error={unban.error}
        onCancel={() => setLifting(null)}
        onConfirm={() => lifting && unban.mutate({ banId: lifting })}
      />
    </Page>
  );
}
