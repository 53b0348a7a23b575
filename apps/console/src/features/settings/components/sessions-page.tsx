import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { Page } from '../../../components/page';
import { RelativeTime } from '../../../components/relative-time';
import { EmptyState, ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';

const messages = defineMessages({
  title: { id: 'sessions.title', defaultMessage: 'Sessions' },
  description: {
    id: 'sessions.description',
    defaultMessage: 'Devices where you are logged in. Log out any you don’t recognise.',
  },
  listLabel: { id: 'sessions.listLabel', defaultMessage: 'Your sessions' },
  current: { id: 'sessions.current', defaultMessage: 'This device' },
  unknownDevice: { id: 'sessions.unknownDevice', defaultMessage: 'Unknown device' },
  device: defineMessage<{ browser: string; os: string }>({
    id: 'sessions.device',
    defaultMessage: '{browser} on {os}',
  }),
  ip: defineMessage<{ ip: string }>({ id: 'sessions.ip', defaultMessage: 'IP {ip}' }),
  started: defineMessage<{ time: PrimitiveType }>({
    id: 'sessions.started',
    defaultMessage: 'Logged in {time}',
  }),
  lastUsed: defineMessage<{ time: PrimitiveType }>({
    id: 'sessions.lastUsed',
    defaultMessage: 'Last active {time}',
  }),
  expires: defineMessage<{ time: PrimitiveType }>({
    id: 'sessions.expires',
    defaultMessage: 'Expires {time}',
  }),
  revoke: { id: 'sessions.revoke', defaultMessage: 'Log out' },
  revokeLabel: defineMessage<{ device: string }>({
    id: 'sessions.revokeLabel',
    defaultMessage: 'Log out {device}',
  }),
  revokeOthers: { id: 'sessions.revokeOthers', defaultMessage: 'Log out everywhere else' },
  revokedOthers: { id: 'sessions.revokedOthers', defaultMessage: 'All your other sessions were logged out.' },
  onlyThis: { id: 'sessions.onlyThis', defaultMessage: 'You are not logged in anywhere else.' },
});

type TSession = TRouterOutputs['sessions']['list'][number];

function useDeviceName() {
  const intl = useIntl();
  return (session: TSession) => {
    const { browser, os } = session;
    if (browser && os) return intl.formatMessage(messages.device, { browser, os });
    return browser ?? os ?? intl.formatMessage(messages.unknownDevice);
  };
}

function SessionItem({ session }: { session: TSession }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const deviceName = useDeviceName()(session);
  const revoke = trpc.sessions.revoke.useMutation({ onSuccess: () => utils.sessions.list.invalidate() });
  return (
    <li className={`session ${session.current ? 'is-current' : ''}`}>
      <div className="session-main">
        <span className="session-device" title={session.userAgent ?? undefined}>
          {deviceName}
        </span>
        {session.current ? (
          <span className="badge badge-success">
            <FormattedMessage {...messages.current} />
          </span>
        ) : null}
      </div>
      <div className="session-meta">
        {session.ip ? <span>{intl.formatMessage(messages.ip, { ip: session.ip })}</span> : null}
        <span>
          <FormattedMessage
            {...messages.lastUsed}
            values={{ time: <RelativeTime value={session.lastUsedAt} /> }}
          />
        </span>
        <span>
          <FormattedMessage
            {...messages.started}
            values={{ time: <RelativeTime value={session.createdAt} /> }}
          />
        </span>
        <span>
          <FormattedMessage
            {...messages.expires}
            values={{ time: <RelativeTime value={session.expiresAt} /> }}
          />
        </span>
      </div>
      {session.current ? null : (
        <div className="session-actions">
          <button
            type="button"
            className="button button-small"
            aria-label={intl.formatMessage(messages.revokeLabel, { device: deviceName })}
            disabled={revoke.isPending}
            onClick={() => revoke.mutate({ id: session.id })}
          >
            <FormattedMessage {...messages.revoke} />
          </button>
          <FormError error={revoke.error} />
        </div>
      )}
    </li>
  );
}

export function SessionsPage() {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const sessions = trpc.sessions.list.useQuery();
  const revokeOthers = trpc.sessions.revokeOthers.useMutation({
    onSuccess: () => utils.sessions.list.invalidate(),
  });
  const others = sessions.data?.filter((session) => !session.current) ?? [];

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} />
      ) : (
        <>
          <div className="toolbar">
            <button
              type="button"
              className="button button-danger"
              disabled={others.length === 0 || revokeOthers.isPending}
              onClick={() => revokeOthers.mutate()}
            >
              <FormattedMessage {...messages.revokeOthers} />
            </button>
          </div>
          <FormError error={revokeOthers.error} />
          {revokeOthers.isSuccess ? <Notice>{intl.formatMessage(messages.revokedOthers)}</Notice> : null}
          <ul className="session-list card" aria-label={intl.formatMessage(messages.listLabel)}>
            {[...sessions.data]
              .sort((a, b) => Number(b.current) - Number(a.current))
              .map((session) => (
                <SessionItem key={session.id} session={session} />
              ))}
          </ul>
          {others.length === 0 && !revokeOthers.isSuccess ? (
            <EmptyState title={<FormattedMessage {...messages.onlyThis} />} />
          ) : null}
        </>
      )}
    </Page>
  );
}
