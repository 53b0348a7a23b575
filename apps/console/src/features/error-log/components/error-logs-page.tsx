import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Page, Section } from '../../../components/page';
import { RelativeTime } from '../../../components/relative-time';
import { EmptyState, ErrorState, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import type { TLogEntry } from '../ring';
import { LogEntries } from './log-entries';

const messages = defineMessages({
  title: { id: 'errorLogs.title', defaultMessage: 'Error logs' },
  description: {
    id: 'errorLogs.description',
    defaultMessage: 'Error logs your agents sent from Settings → Error log, newest first.',
  },
  listLabel: { id: 'errorLogs.listLabel', defaultMessage: 'Sent error logs' },
  empty: { id: 'errorLogs.empty', defaultMessage: 'No agent has sent an error log yet.' },
  removedUser: { id: 'errorLogs.removedUser', defaultMessage: 'Removed agent' },
  counts: defineMessage<{ errors: number; warnings: number }>({
    id: 'errorLogs.counts',
    defaultMessage:
      '{errors, plural, one {# error} other {# errors}}, {warnings, plural, one {# warning} other {# warnings}}',
  }),
  open: { id: 'errorLogs.open', defaultMessage: 'Open' },
  openLabel: defineMessage<{ name: string }>({
    id: 'errorLogs.openLabel',
    defaultMessage: 'Open log from {name}',
  }),
  logTitle: defineMessage<{ name: string }>({ id: 'errorLogs.logTitle', defaultMessage: 'Log from {name}' }),
  browser: { id: 'errorLogs.browser', defaultMessage: 'Browser' },
  more: { id: 'errorLogs.more', defaultMessage: 'Show older' },
});

function LogDetail({ id }: { id: string }) {
  const intl = useIntl();
  const log = trpc.clientLogs.get.useQuery({ id });
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => log.refetch()} />;
  const name = log.data.user?.name ?? intl.formatMessage(messages.removedUser);
  return (
    <Section
      title={intl.formatMessage(messages.logTitle, { name })}
      description={
        log.data.userAgent ? (
          <>
            <FormattedMessage {...messages.browser} />: {log.data.userAgent}
          </>
        ) : undefined
      }
    >
      <LogEntries entries={[...(log.data.entries as TLogEntry[])].reverse()} />
    </Section>
  );
}

/** Manage → Error logs: the account's agents' uploaded console logs (admins, J3). */
export function ErrorLogsPage() {
  const intl = useIntl();
  const [before, setBefore] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  const logs = trpc.clientLogs.list.useQuery(before ? { before } : undefined);
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {logs.isPending ? (
        <Loading />
      ) : logs.isError ? (
        <ErrorState error={logs.error} onRetry={() => logs.refetch()} />
      ) : logs.data.items.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.empty} />} />
      ) : (
        <>
          <ul className="session-list card" aria-label={intl.formatMessage(messages.listLabel)}>
            {logs.data.items.map((item) => {
              const name = item.user?.name ?? intl.formatMessage(messages.removedUser);
              return (
                <li key={item.id} className="session">
                  <div className="session-main">
                    <span className="session-device">{name}</span>
                    <RelativeTime value={item.createdAt} />
                  </div>
                  <div className="session-meta">
                    <span>
                      {intl.formatMessage(messages.counts, { errors: item.errors, warnings: item.warnings })}
                    </span>
                  </div>
                  <div className="session-actions">
                    <button
                      type="button"
                      className="button button-small"
                      aria-pressed={selected === item.id}
                      aria-label={intl.formatMessage(messages.openLabel, { name })}
                      onClick={() => setSelected(item.id)}
                    >
                      <FormattedMessage {...messages.open} />
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          {logs.data.nextBefore ? (
            <button
              type="button"
              className="button"
              onClick={() => setBefore(logs.data.nextBefore ?? undefined)}
            >
              <FormattedMessage {...messages.more} />
            </button>
          ) : null}
        </>
      )}
      {selected ? <LogDetail id={selected} /> : null}
    </Page>
  );
}
