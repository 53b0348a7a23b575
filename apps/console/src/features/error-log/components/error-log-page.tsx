import { useSyncExternalStore } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Page, Section } from '../../../components/page';
import { EmptyState, FormError, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { errorRing } from '../ring';
import { LogEntries } from './log-entries';

const messages = defineMessages({
  title: { id: 'errorLog.title', defaultMessage: 'Error log' },
  description: {
    id: 'errorLog.description',
    defaultMessage:
      'The console keeps its last 200 errors and warnings on this device. Sending them helps your admins find a problem. Messages, names and addresses are never included: only ids, codes and where it happened.',
  },
  recent: { id: 'errorLog.recent', defaultMessage: 'Kept on this device' },
  send: { id: 'errorLog.send', defaultMessage: 'Send error log' },
  sending: { id: 'errorLog.sending', defaultMessage: 'Sending…' },
  clear: { id: 'errorLog.clear', defaultMessage: 'Clear' },
  empty: { id: 'errorLog.empty', defaultMessage: 'No errors or warnings so far.' },
  sent: defineMessage<{ count: number }>({
    id: 'errorLog.sent',
    defaultMessage:
      'Error log sent ({count, plural, one {# entry} other {# entries}}). Your admins can read it in Manage → Error logs.',
  }),
});

/** Settings → Error log: what the console kept, and "Send error log" (J3). */
export function ErrorLogPage() {
  const intl = useIntl();
  const entries = useSyncExternalStore(
    (listener) => errorRing.subscribe(listener),
    () => errorRing.snapshot(),
  );
  const send = trpc.clientLogs.send.useMutation();
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <div className="toolbar">
        <button
          type="button"
          className="button button-primary"
          disabled={entries.length === 0 || send.isPending}
          onClick={() =>
            send.mutate({
              userAgent: navigator.userAgent,
              entries: [...entries],
            })
          }
        >
          <FormattedMessage {...(send.isPending ? messages.sending : messages.send)} />
        </button>
        <button
          type="button"
          className="button"
          disabled={entries.length === 0}
          onClick={() => {
            errorRing.clear();
            send.reset();
          }}
        >
          <FormattedMessage {...messages.clear} />
        </button>
      </div>
      <FormError error={send.error} />
      {send.isSuccess ? (
        <Notice>{intl.formatMessage(messages.sent, { count: send.data.entries })}</Notice>
      ) : null}
      <Section title={<FormattedMessage {...messages.recent} />}>
        {entries.length === 0 ? (
          <EmptyState title={<FormattedMessage {...messages.empty} />} />
        ) : (
          <LogEntries entries={[...entries].reverse()} />
        )}
      </Section>
    </Page>
  );
}
