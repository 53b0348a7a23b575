import type { CallSignal } from '../domain/calls/signal';
import type { CallView, WidgetCallView } from '../domain/calls/views';
import type { ReminderView } from '../domain/chat-tools/reminders';
import type {
  AgentBrief,
  ChatMessage,
  ConversationSummary,
  VisitorBrief,
  WidgetMessage,
} from '../domain/live-chat/views';
import type { RatingView } from '../domain/ratings/ratings';
import type { teamConversation } from '../domain/team-chat';

/**
 * The events the subscriptions carry, in one place: `live.console`, `widget.events` and
 * `team.onPresence` declare them as their outputs, and the console and the widget read them from
 * `AppRouter` (type-only) instead of copying them.
 */

/** What `live.console` carries (see docs/live-chat.md). */
export type ConsoleEvent =
  | { type: 'conversation'; conversation: ConversationSummary }
  | { type: 'message'; message: ChatMessage }
  | { type: 'chat.request'; conversation: ConversationSummary; message: ChatMessage }
  | { type: 'visitor'; visitor: VisitorBrief & { channelId: string } }
  | { type: 'visitor.read'; conversationId: string; at: string }
  | { type: 'visitor.changed'; visitorId: string }
  | { type: 'presence'; userId: string; presence: 'online' | 'away' | 'offline' }
  | { type: 'typing'; conversationId: string; text: string }
  | { type: 'team.message'; message: ChatMessage }
  | { type: 'team.conversation'; conversation: Awaited<ReturnType<typeof teamConversation>> }
  | { type: 'processes.changed' }
  | { type: 'note'; message: ChatMessage & { mentions?: string[] } }
  | { type: 'mention'; message: ChatMessage; conversationId: string }
  | {
      type: 'chat.transferred';
      conversation: ConversationSummary;
      from: { id: string; name: string };
      comment: string | null;
    }
  | { type: 'chat.invited'; conversation: ConversationSummary; by: { id: string; name: string } }
  | { type: 'reminder'; reminder: ReminderView }
  | {
      type: 'message.status';
      messageId: string;
      conversationId: string;
      status: 'pending' | 'retrying' | 'sent' | 'failed' | 'delivered' | 'read';
      error?: string | null;
    }
  /**
   * A stored message changed: a contact edited it on their channel (Telegram; the first text in
   * `edited`), or a file that could not be fetched when it arrived was fetched later.
   */
  | { type: 'message.updated'; message: ChatMessage }
  /** C6: the visitor's page as a sanitised copy, for the agent who asked (only them). */
  | {
      type: 'pointer.snapshot';
      conversationId: string;
      requestId: string;
      url: string;
      html: string;
      css: string;
    }
  /** H1: a visitor calls; the agents rung show a ringing card (Accept / Decline). */
  | { type: 'call.ringing'; call: CallView; conversation: ConversationSummary }
  /** H1: a call's state changed (accepted: others stop ringing; ended, missed, declined, failed). */
  | { type: 'call.updated'; call: CallView }
  /** H1: the visitor's offer or ICE candidate, for the agent in the call only (never stored). */
  | { type: 'call.signal'; callId: string; signal: CallSignal }
  /** G7: a visitor rated a chat (or changed the rating); also counted by statistics rollups. */
  | { type: 'chat.rated'; rating: RatingView };

/** What `widget.events` carries. */
export type WidgetEvent =
  | { type: 'message'; message: WidgetMessage }
  | { type: 'agent.joined'; agent: AgentBrief }
  | { type: 'agent.left'; agent: AgentBrief }
  | { type: 'read'; at: string }
  | { type: 'conversation.closed'; conversationId: string }
  | { type: 'agents.online'; online: boolean }
  | { type: 'typing'; agent: AgentBrief; typing: boolean }
  | { type: 'pointer'; selector: string; url: string | null; agent: AgentBrief }
  /** C6: an agent asks the tabs on `url` for a sanitised copy of the page (widget.pageSnapshot). */
  | { type: 'pointer.snapshot'; requestId: string; agentId: string; url: string | null }
  /** C4: this visitor was banned; the widget shows chat as unavailable. */
  | { type: 'banned' }
  /** H1: the visitor's call changed state (ringing, active with its agent, ended…). */
  | { type: 'call.updated'; call: WidgetCallView }
  /** H1: the agent's answer or ICE candidate (never stored). */
  | { type: 'call.signal'; callId: string; signal: CallSignal };

/** What `team.onPresence` carries (also inside `live.console` as `presence`). */
export interface PresenceEvent {
  userId: string;
  presence: 'online' | 'away' | 'offline';
}
