import type { TRouterOutputs } from './trpc';

/** The shapes of docs/live-chat.md, as the API's types say they are. */
export type TConversationSummary = TRouterOutputs['chats']['inbox'][number];
export type TChatMessage = TRouterOutputs['chats']['get']['messages'][number];
export type TChatDetail = TRouterOutputs['chats']['get'];
export type TVisitorDetail = TRouterOutputs['visitors']['get'];
export type TVisitorBrief = TConversationSummary['visitor'];
export type TOnlineVisitor = TRouterOutputs['visitors']['online'][number];
/** E1/E2: a direct chat or group between agents, as its receiver sees it (members, my unread count). */
export type TTeamChat = TRouterOutputs['team']['chats'][number];

/**
 * One event of `live.console` (the tracked envelope's `data`), exactly as the API declares the stream:
 * the API is the only source of the wire contract, so a new event type reaches the console's types
 * (and the allow-list below) without a copy to keep in step.
 */
type TConsoleStreamItem =
  TRouterOutputs['live']['console'] extends AsyncIterable<infer TItem> ? TItem : never;
export type TLiveEvent = Extract<TConsoleStreamItem, { type: string }>;

/** C1/D2: a reminder as `tools.reminders` and the `reminder` live event carry it. */
export type TReminder = TRouterOutputs['tools']['reminders'][number];

/** Every event type the API declares; a missing or unknown key is a type error, not a silent drop. */
const LIVE_EVENT_TYPES: Record<TLiveEvent['type'], true> = {
  conversation: true,
  message: true,
  'chat.request': true,
  visitor: true,
  'visitor.read': true,
  presence: true,
  typing: true,
  'visitor.changed': true,
  'team.message': true,
  'team.conversation': true,
  'message.status': true,
  'message.updated': true,
  'processes.changed': true,
  note: true,
  mention: true,
  'chat.transferred': true,
  'chat.invited': true,
  reminder: true,
  'pointer.snapshot': true,
  'call.ringing': true,
  'call.updated': true,
  'call.signal': true,
  'chat.rated': true,
};

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
  return typeof payload.type === 'string' && Object.hasOwn(LIVE_EVENT_TYPES, payload.type)
    ? (payload as unknown as TLiveEvent)
    : null;
}
