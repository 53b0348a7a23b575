/**
 * Outbound messages on plugin channels (email, Telegram, WhatsApp, Messenger): their delivery status
 * from `message.status` live events, and the channel's reply window (WhatsApp/Messenger 24 h).
 */
export type TDeliveryStatus = 'pending' | 'retrying' | 'sent' | 'failed' | 'delivered' | 'read';
export type TDelivery = { status: TDeliveryStatus; error: string | null };

export type TMessageStatusEvent = {
  type: 'message.status';
  messageId: string;
  conversationId: string;
  status: TDeliveryStatus;
  error?: string | null;
};

/** Applies a status event to a transcript; the same list back when the message is not in it. */
export function applyDeliveryStatus<M extends { id: string; delivery?: TDelivery }>(
  messages: M[],
  event: TMessageStatusEvent,
): M[] {
  const index = messages.findIndex((m) => m.id === event.messageId);
  if (index < 0) return messages;
  const next = [...messages];
  next[index] = { ...messages[index], delivery: { status: event.status, error: event.error ?? null } } as M;
  return next;
}

/** Warn this long before the window closes. */
export const CLOSING_SOON_MS = 2 * 3600_000;

export type TReplyWindowState =
  | { state: 'none' }
  | { state: 'open' | 'closing'; closesAt: string }
  | { state: 'closed'; closesAt: string };

export function replyWindowState(
  window: { closesAt: string | null } | null | undefined,
  now = Date.now(),
): TReplyWindowState {
  if (!window?.closesAt) return { state: 'none' };
  const left = new Date(window.closesAt).getTime() - now;
  if (left <= 0) return { state: 'closed', closesAt: window.closesAt };
  return { state: left <= CLOSING_SOON_MS ? 'closing' : 'open', closesAt: window.closesAt };
}
