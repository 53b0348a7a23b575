import { useEffect, useState } from 'react';
import { defineMessage, FormattedMessage } from 'react-intl';
import { RelativeTime } from '../../../components/relative-time';
import { replyWindowState } from '../../../lib/delivery';
import { trpc } from '../../../lib/trpc';

const messages = {
  closing: defineMessage<{ hours: number }>({
    id: 'replyWindow.closing',
    defaultMessage:
      'The {hours}-hour reply window of this channel closes soon: after that the provider refuses free-form replies until the customer writes again. Closes',
  }),
  closed: defineMessage<{ hours: number }>({
    id: 'replyWindow.closed',
    defaultMessage:
      'The {hours}-hour reply window of this channel has passed: the provider refuses free-form replies until the customer writes again. Closed',
  }),
};

/**
 * WhatsApp and Messenger accept free-form replies only within 24 hours of the customer's last
 * message: warn before and after the window closes. Re-evaluated every minute and on new messages.
 */
export function ReplyWindowBanner({
  conversationId,
  lastMessageAt,
}: {
  conversationId: string;
  lastMessageAt?: string;
}) {
  const window = trpc.integrations.replyWindow.useQuery({ conversationId }, { staleTime: 60_000 });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const refetch = window.refetch;
  // A new message from the customer reopens the window.
  useEffect(() => {
    if (lastMessageAt) void refetch();
  }, [lastMessageAt, refetch]);
  const state = replyWindowState(window.data, now);
  if (!window.data || (state.state !== 'closing' && state.state !== 'closed')) return null;
  return (
    <div className={`banner ${state.state === 'closed' ? 'banner-error' : 'banner-warning'}`} role="status">
      <FormattedMessage
        {...(state.state === 'closed' ? messages.closed : messages.closing)}
        values={{ hours: window.data.hours }}
      />{' '}
      <RelativeTime value={state.closesAt} />.
    </div>
  );
}
