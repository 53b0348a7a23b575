import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { FormError } from '../../../components/status';
import type { TDelivery } from '../../../lib/delivery';
import { trpc } from '../../../lib/trpc';

const messages = defineMessages({
  pending: { id: 'delivery.pending', defaultMessage: 'Sending…' },
  retrying: { id: 'delivery.retrying', defaultMessage: 'Retrying…' },
  sent: { id: 'delivery.sent', defaultMessage: 'Sent' },
  delivered: { id: 'delivery.delivered', defaultMessage: 'Delivered' },
  read: { id: 'delivery.read', defaultMessage: 'Seen' },
  failed: { id: 'delivery.failed', defaultMessage: 'Not delivered' },
  resend: { id: 'delivery.resend', defaultMessage: 'Resend' },
  resendLabel: { id: 'delivery.resendLabel', defaultMessage: 'Resend this message' },
});

/**
 * K1: where an agent message sent through a channel plugin (email, Telegram, WhatsApp, Messenger)
 * stands — sending, retrying, sent, then delivered and seen as the provider reports them (like a
 * website chat's "Seen"), or failed with the provider's reason and a Resend button. Live
 * `message.status` events keep `message.delivery` current.
 */
export function DeliveryStatus({
  message,
}: {
  message: { id: string; conversationId: string; delivery?: TDelivery };
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const resend = trpc.chats.resend.useMutation({
    onMutate: () => {
      utils.chats.get.setData({ conversationId: message.conversationId }, (data) =>
        data
          ? {
              ...data,
              messages: data.messages.map((m) =>
                m.id === message.id ? { ...m, delivery: { status: 'pending' as const, error: null } } : m,
              ),
            }
          : data,
      );
    },
  });
  const delivery = message.delivery;
  if (!delivery) return null;
  return (
    <p className={`message-status delivery-${delivery.status}`}>
      {delivery.status === 'failed' ? (
        <>
          <span className="message-failed">
            <FormattedMessage {...messages.failed} />
          </span>
          {delivery.error ? <span className="muted delivery-error">: {delivery.error}</span> : null}{' '}
          <button
            type="button"
            className="link-button"
            aria-label={intl.formatMessage(messages.resendLabel)}
            disabled={resend.isPending}
            onClick={() => resend.mutate({ messageId: message.id })}
          >
            <FormattedMessage {...messages.resend} />
          </button>
          <FormError error={resend.error} />
        </>
      ) : (
        <span role={delivery.status === 'retrying' ? 'status' : undefined}>
          <FormattedMessage {...messages[delivery.status]} />
        </span>
      )}
    </p>
  );
}
