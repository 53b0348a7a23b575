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
  /**
   * What a chat request needs: read (in the same transaction) only when there is no open
   * conversation or nobody took it, and never for a resend.
   */
  request?: ChatRequestContext;
}

/** The visitor as the console's lists show them, with their latest visit and its latest page. */
export interface VisitorBriefRow {
  id: string;
  number: number;
  name: string | null;
  email: string | null;
  city: string | null;
  country: string | null;
  visit: {
    endedAt: Date | null;
    lastActiveAt: Date;
    page: { url: string; title: string | null } | null;
  } | null;
}

/** A chat request's context: the summary the console's Inbox shows, and who hears of it. */
export interface ChatRequestContext {
  /** The open conversation's details for its summary (null: it is about to be created). */
  conversation: {
    invitationText: string | null;
    title: string | null;
    origin: string;
    startedAt: Date;
    tags: { id: string; name: string; color: string | null }[];
  } | null;
  channel: { id: string; name: string } | null;
  /** Agents listed for the channel; empty when everyone serves it. */
  channelAgentIds: string[];
  /** Online, enabled agents serving the channel and below their limit of concurrent chats. */
  onlineAgentIds: string[];
  visitor: VisitorBriefRow | null;
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
  /** `text` when not given. */
  kind?: StoredMessage['kind'];
  body: string;
  /** Stored as JSON (Message.meta). */
  meta?: unknown;
  clientId: string | null;
  createdAt: Date;
}

/** A visitor conversation the message starts (its times are the message's). */
export interface NewConversation {
  id: string;
  visitorId: string;
  channelId: string;
  invitationText: string | null;
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
        /** Created first, when the message starts a conversation. */
        conversation?: NewConversation;
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

/** What accepting a chat needs, read in one statement. */
export interface AcceptChatState {
  conversation: {
    id: string;
    visitorId: string | null;
    channelId: string | null;
    status: string;
    assigneeId: string | null;
    invitationText: string | null;
    title: string | null;
    origin: string;
    translateTo: string | null;
    startedAt: Date;
    lastMessageAt: Date;
    /** Agents in it now (not left). */
    participantIds: string[];
    tags: { id: string; name: string; color: string | null }[];
  } | null;
  channel: { id: string; name: string } | null;
  channelAgentIds: string[];
  /** The accepting agent. */
  agent: { id: string; name: string; avatarKey: string | null } | null;
  visitor: VisitorBriefRow | null;
  /** The newest text, file or GIF message (a summary's preview), with the agent who wrote it. */
  lastMessage: {
    body: string;
    authorType: 'visitor' | 'agent' | 'system';
    agent: { id: string; name: string } | null;
    createdAt: Date;
  } | null;
}

export interface AcceptChatKey {
  accountId: string;
  conversationId: string;
  userId: string;
  /** Thrown (and the transaction rolled back) when another agent took the chat first. */
  taken(): Error;
}

/** Accepting: the agent becomes the assignee and a participant, a system message says so. */
export type AcceptChatPlan<R> =
  | { write: { message: NewMessage; events: NewEvent[] }; result: R }
  | { write?: undefined; result: R };

/** Whose a widget's visitor token is (`VisitorIdentity`), and whether its channel is on. */
export interface VisitorIdentityRow {
  visitorId: string;
  accountId: string;
  /** The channel is on and its account is not suspended (a suspended account's widgets stop too). */
  channelEnabled: boolean;
}

/** What a visitor's typing preview needs, read in one statement (no transaction: nothing is written). */
export interface VisitorTypingState {
  conversation: { id: string; channelId: string | null; participantIds: string[] } | null;
  /** Agents listed for the visitor's channel; empty when everyone serves it. */
  channelAgentIds: string[];
  bans: BanRow[];
}

/** The tracking columns of a visit (`VISIT_TRACKING_COLUMNS`), null when unknown. */
export interface VisitTracking {
  ip: string | null;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  device: string | null;
  country: string | null;
  city: string | null;
  isp: string | null;
  referrer: string | null;
  searchEngine: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
}

/** A widget's first page load: the visitor, its token's identity, its first visit of one page. */
export interface NewVisitorWrite {
  accountId: string;
  channelId: string;
  /** The visitor's first and last sight, the visit's start and last activity, the page view's time. */
  now: Date;
  visitor: { id: string; locale: string | null; city: string | null; country: string | null };
  /** The identity row's id and its `externalId` (the token's digest). */
  identity: { id: string; externalId: string };
  visit: { id: string } & VisitTracking;
  pageView: { id: string; url: string; title: string | null };
  /** The live events, once the visitor's number is known (counted in the same transaction). */
  events(number: number): NewEvent[];
  /** The channel's live topic: its newest event is where the new visitor's stream starts. */
  channelTopic: string;
}

export interface ChatHotPath {
  /**
   * widget.start of a new visitor in one transaction: the account's next visitor number, the visitor,
   * its identity, its visit and page view, the events. Nothing is read back: everything else is known.
   */
  newVisitor(write: NewVisitorWrite): Promise<{ number: number; eventIds: number[]; newestEventId: number }>;
  /**
   * A page's ping the process could not vouch for: marks the visitor's latest visit on the channel
   * active, if it has not ended. The visit's id, or null (no visit, or an ended one: the caller's
   * Prisma path revives it or starts over).
   */
  touchVisit(key: {
    accountId: string;
    visitorId: string;
    channelId: string;
    now: Date;
  }): Promise<string | null>;
  /** The read behind `widget.typing`: the open conversation with its agents, the channel's agents, bans. */
  visitorTyping(key: Omit<VisitorMessageKey, 'clientId'>): Promise<VisitorTypingState>;
  /** SQLite: group commit on or off (on by default), for measurements. */
  setGroupCommit?(on: boolean): void;
  /**
   * The visitor-token check a widget's WebSocket repeats every 2 s (nearly every visitor message pays
   * it): one unique-key read, by channel and identity, as the token names no account yet.
   */
  visitorIdentity(channelId: string, externalId: string): Promise<VisitorIdentityRow | null>;
  /**
   * The newest stored live event of an account on some topics (0 when none): where a subscription
   * without `lastEventId` starts. Every widget socket asks it once when it subscribes; one prepared
   * statement (a max per topic on the (accountId, topic, id) index) instead of a Prisma read.
   */
  newestEventId(accountId: string, topics: string[]): Promise<number>;
  /**
   * One transaction: reads the visitor's chat, calls `plan` (synchronous; a throw rolls back), writes
   * what it returns, commits.
   */
  visitorMessage<R>(
    key: VisitorMessageKey,
    plan: (state: VisitorChatState) => HotPathPlan<R>,
  ): Promise<HotPathOutcome<R>>;
  /**
   * Accepting a chat request: reads the chat, calls `plan`, then sets the assignee (only if nobody
   * took it meanwhile, else `key.taken()` is thrown) with `lastMessageAt`, makes the agent a
   * participant who has read it all, writes the system message and the events, commits.
   */
  acceptChat<R>(
    key: AcceptChatKey,
    plan: (state: AcceptChatState) => AcceptChatPlan<R>,
  ): Promise<HotPathOutcome<R>>;
  /** The same for an agent's reply in a visitor conversation. */
  agentMessage<R>(
    key: AgentMessageKey,
    plan: (state: AgentChatState) => HotPathPlan<R>,
  ): Promise<HotPathOutcome<R>>;
}
