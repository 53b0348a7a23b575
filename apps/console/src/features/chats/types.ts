import type { TMessageStatusEvent } from '../../lib/delivery';
import type { TRouterOutputs } from '../../lib/trpc';

/** The shapes of docs/live-chat.md, as the API's types say they are. */
export type TConversationSummary = TRouterOutputs['chats']['inbox'][number];
export type TChatMessage = TRouterOutputs['chats']['get']['messages'][number];
export type TChatDetail = TRouterOutputs['chats']['get'];
export type TVisitorDetail = TRouterOutputs['visitors']['get'];
export type TVisitorBrief = TConversationSummary['visitor'];
export type TOnlineVisitor = TRouterOutputs['visitors']['online'][number];
/** E1/E2: a direct chat or group between agents, as its receiver sees it (members, my unread count). */
export type TTeamChat = TRouterOutputs['team']['chats'][number];

/** One event of `live.console` (the tracked envelope's `data`). */
export type TLiveEvent =
  | { type: 'conversation'; conversation: TConversationSummary }
  | { type: 'message'; message: TChatMessage }
  | { type: 'chat.request'; conversation: TConversationSummary; message: TChatMessage }
  | { type: 'visitor'; visitor: TVisitorBrief & { channelId: string } }
  | { type: 'visitor.read'; conversationId: string; at: string }
  | { type: 'presence'; userId: string; presence: 'online' | 'away' | 'offline' }
  | { type: 'typing'; conversationId: string; text: string }
  | { type: 'visitor.changed'; visitorId: string }
  | { type: 'team.message'; message: TChatMessage }
  | { type: 'team.conversation'; conversation: TTeamChat }
  | TMessageStatusEvent
  // A stored message changed: a contact's edit (Telegram), or a file fetched after it arrived.
  | { type: 'message.updated'; message: TChatMessage }
  // Chat tools (C1–C3, C13), see docs/live-chat.md "Chat tools".
  | { type: 'note'; message: TChatMessage }
  | { type: 'mention'; message: TChatMessage; conversationId: string }
  | {
      type: 'chat.transferred';
      conversation: TConversationSummary;
      from: { id: string; name: string };
      comment: string | null;
    }
  | { type: 'chat.invited'; conversation: TConversationSummary; by: { id: string; name: string } }
  | { type: 'reminder'; reminder: TReminder };

/** C1/D2: a reminder as `tools.reminders` and the `reminder` live event carry it. */
export type TReminder = TRouterOutputs['tools']['reminders'][number];

const LIVE_EVENT_TYPES = new Set<string>([
  'conversation',
  'message',
  'chat.request',
  'visitor',
  'visitor.read',
  'presence',
  'typing',
  'visitor.changed',
  'team.message',
  'team.conversation',
  'message.status',
  'message.updated',
  'note',
  'mention',
  'chat.transferred',
  'chat.invited',
  'reminder',
]);

/**
 * `live.console` is typed loosely by the API (Record<string, unknown>), and tracked events arrive wrapped
 * as `{ id, data }` while typing events arrive bare. This unwraps both and ignores types we don't know
 * (a newer server), trusting the documented shape of the ones we do.
 */
export function readLiveEvent(raw: unknown): TLiveEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const record = raw as Record<string, unknown>;
  const payload =
    typeof record.type !== 'string' && typeof record.data === 'object' && record.data !== null
      ? (record.data as Record<string, unknown>)
      : record;
  return typeof payload.type === 'string' && LIVE_EVENT_TYPES.has(payload.type)
    ? (payload as unknown as TLiveEvent)
    : null;
}
