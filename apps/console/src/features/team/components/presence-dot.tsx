import { defineMessages, useIntl } from 'react-intl';

export const presenceMessages = defineMessages({
  online: { id: 'presence.online', defaultMessage: 'Online' },
  away: { id: 'presence.away', defaultMessage: 'Away' },
  offline: { id: 'presence.offline', defaultMessage: 'Offline' },
});

/** Green online, yellow away, white offline — the colours agents know from the JivoChat app. */
export function PresenceDot({ presence }: { presence: 'online' | 'away' | 'offline' }) {
  const intl = useIntl();
  const label = intl.formatMessage(presenceMessages[presence]);
  return <span className={`presence-dot presence-${presence}`} role="img" aria-label={label} title={label} />;
}
