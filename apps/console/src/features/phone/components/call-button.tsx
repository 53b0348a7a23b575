import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';

const messages = defineMessages({
  call: { id: 'phone.callButton', defaultMessage: 'Call' },
  callLabel: defineMessage<{ number: string }>({
    id: 'phone.callButton.label',
    defaultMessage: 'Call {number}',
  }),
});

/**
 * Opens the Call section with the number (and the CRM record it belongs to) on the dial pad: the
 * agent sees what will happen before their phone rings.
 */
export function CallButton({ number, visitorId }: { number: string; visitorId?: string }) {
  const intl = useIntl();
  const query = new URLSearchParams({ to: number, ...(visitorId ? { visitor: visitorId } : {}) });
  return (
    <Link
      to={`/call?${query}`}
      className="button button-small"
      aria-label={intl.formatMessage(messages.callLabel, { number })}
    >
      <FormattedMessage {...messages.call} />
    </Link>
  );
}
