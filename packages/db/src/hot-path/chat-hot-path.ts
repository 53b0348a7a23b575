/**
 * The chat message path (a visitor's message in a taken chat, an agent's reply) on hand-written SQL:
 * one transaction that reads what the message needs in one statement, lets the caller decide
 * (synchronously: on SQLite nothing else may run on the connection meanwhile), then writes the
 * message row (the search index follows by trigger or expression index), the conversation's
 * `lastMessageAt`, the author's read mark and the live-event rows. Everything else goes through Prisma.
 *
 * Every statement names the account: callers pass `accountId` and it is in every WHERE clause, so a
 * wrong id from elsewhere can never reach another account's rows.
 */

/** A message as stored, with the columns the views read. */
export interface StoredMessage {
  id: string;
  accountId: string;
  conversationId: string;
  authorType: 'visitor' | 'agent' | 'system';
  authorUserId: string | null;
  authorVisitorId: string | null;
  kind: 'text' | 'note' | 'system' | 'file' | 'gif' | 'call';
  body: string;
  meta: unknown;
  clientId: string | null;
  externalId: string | null;
  deliveryStatus: 'pending' | 'sent' | 'retrying' | 'failed' | 'delivered' | 'read';
  deliveryError: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export interface BanRow {
  visitorId: string | null;
  ip: string | null;
}

/** What a visitor's message needs, read in one statement. */
export interface VisitorChatState {
  /** The visitor's open conversation on the channel (newest), or null. */
  conversation: {
    id: string;
    visitorId: string | null;
    channelId: string | null;
    assigneeId: string | null;
    translateTo: string | null;
    /** Agents in it now (not left). */
    participantIds: string[];
  } | null;
  /** The visitor's message with this clientId, when it was stored before (a resend). */
  existing: StoredMessage | null;
  /** The account's active bans on this visitor or on any address (the caller matches addresses). */
  bans: BanRow[];
}

/** What an agent's reply needs, read in one statement. */
export interface AgentChatState {
  conversation: {
    id: string;
    visitorId: string | null;
    channelId: string | null;
    status: string;
    translateTo: string | null;
    participantIds: string[];
    /** The channel is served by a plugin (replies go out through it). */
    viaPlugin: boolean;
  } | null;
  existing: StoredMessage | null;
  author: { id: string; name: string; avatarKey: string | null } | null;
}

export interface NewMessage {
  id: string;
  conversationId: string;
  authorType: 'visitor' | 'agent' | 'system';
  authorUserId: string | null;
  authorVisitorId: string | null;
  body: string;
  clientId: string | null;
  createdAt: Date;
}

export interface NewEvent {
  topic: string;
  /** Stored as JSON (LiveEvent.payload). */
  payload: unknown;
}

/** What the caller decided after reading: write, or nothing (and return `result` as it is). */
export type HotPathPlan<R> =
  | {
      write: {
        message: NewMessage;
        /** The agent who replied has read the conversation up to their reply. */
        readBy?: string;
        events: NewEvent[];
      };
      result: R;
    }
  | { write?: undefined; result: R };

export interface HotPathOutcome<R> {
  result: R;
  /** LiveEvent ids of the written events, in the order given (empty when nothing was written). */
  eventIds: number[];
}

export interface VisitorMessageKey {
  accountId: string;
  visitorId: string;
  channelId: string;
  clientId: string;
  /** Bans that have not expired at this time count. */
  now: Date;
}

export interface AgentMessageKey {
  accountId: string;
  conversationId: string;
  userId: string;
  clientId: string;
}

export interface ChatHotPath {
  /**
   * One transaction: reads the visitor's chat, calls `plan` (synchronous; a throw rolls back), writes
   * what it returns, commits.
   */
  visitorMessage<R>(
    key: VisitorMessageKey,
    plan: (state: VisitorChatState) => HotPathPlan<R>,
  ): Promise<HotPathOutcome<R>>;
  /** The same for an agent's reply in a visitor conversation. */
  agentMessage<R>(
    key: AgentMessageKey,
    plan: (state: AgentChatState) => HotPathPlan<R>,
  ): Promise<HotPathOutcome<R>>;
}
