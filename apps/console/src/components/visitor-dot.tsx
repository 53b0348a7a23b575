import { defineMessages, useIntl } from 'react-intl';

export const visitorStateMessages = defineMessages({
  online: { id: 'visitor.state.online', defaultMessage: 'On the site' },
  offline: { id: 'visitor.state.offline', defaultMessage: 'Left the site' },
});

/** Green while the visitor is on the site; white once they left (B2, as in the JivoChat app). */
export function VisitorDot({ online }: { online: boolean }) {
  const intl = useIntl();
  const label = intl.formatMessage(online ? visitorStateMessages.online : visitorStateMessages.offline);
  return (
    <span
      className={`presence-dot ${online ? 'presence-online' : 'presence-offline'}`}
      role="img"
      aria-label={label}
      title={label}
    />
  );
}
