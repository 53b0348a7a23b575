import type { PendingMessage } from '../lib/outbox';
import type { SharedStorage } from '../lib/storage';
import { type FrameToHost, storePrefix } from '../protocol';
import type { CallStatus, StartOutput, Visitor, WebsiteConfig, WidgetAgent, WidgetMessage } from '../types';

export type Notice = 'rateLimited' | 'genericError' | 'tooLong' | 'chatUnavailable' | null;

export interface ChatState {
  phase: 'loading' | 'error' | 'ready';
  banned: boolean;
  channelName: string;
  config: WebsiteConfig | null;
  visitor: Visitor | null;
  visit: StartOutput['visit'] | null;
  agentsOnline: boolean;
  conversation: { id: string; agents: WidgetAgent[]; agentReadAt: string | null } | null;
  /** Set when the agent closed the conversation; the next message starts a new one. */
  ended: boolean;
  /** G7: the chat that just ended, for the rating and transcript panel. */
  endedConversationId: string | null;
  /** G7: whether the server can mail a transcript (no SMTP: the button hides). */
  transcriptAvailable: boolean;
  messages: WidgetMessage[];
  hasMore: boolean;
  pending: PendingMessage[];
  connected: boolean;
  typing: WidgetAgent[];
  open: boolean;
  unread: number;
  invitation: string | null;
  draft: string;
  notice: Notice;
  preChatDone: boolean;
  /** The email the offline form's message will be answered at, once sent. */
  offlineSent: string | null;
  /** Bumped when the visitor opened the chat themselves: the UI moves focus into it then. */
  focusTick: number;
  /** H1: the visitor's call (frame/call/, loaded when a call starts), and what to say after it. */
  call: {
    id: string | null;
    status: CallStatus;
    agent: WidgetAgent | null;
    answeredAt: string | null;
    media: 'connecting' | 'connected' | 'reconnecting' | 'failed' | null;
    muted: boolean;
  } | null;
  callNotice: { key: string; durationSec?: number | null } | null;
}

/** The state the UI renders, and who to tell when it changes. */
export class SessionStore {
  state: ChatState = {
    phase: 'loading',
    banned: false,
    channelName: '',
    config: null,
    visitor: null,
    visit: null,
    agentsOnline: false,
    conversation: null,
    ended: false,
    endedConversationId: null,
    transcriptAvailable: false,
    messages: [],
    hasMore: false,
    pending: [],
    connected: false,
    typing: [],
    open: false,
    unread: 0,
    invitation: null,
    draft: '',
    notice: null,
    preChatDone: false,
    offlineSent: null,
    focusTick: 0,
    call: null,
    callNotice: null,
  };

  private readonly listeners = new Set<() => void>();

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }
}

/** What the session keeps per channel key in the host site's storage. */
export type SessionKeys = Record<
  'token' | 'outbox' | 'eid' | 'seen' | 'open' | 'draft' | 'inv' | 'invconv' | 'prechat',
  string
>;

export function sessionKeys(channelKey: string): SessionKeys {
  const k = (name: string) => `${storePrefix(channelKey)}${name}`;
  return {
    token: k('token'),
    outbox: k('outbox'),
    eid: k('eid'),
    seen: k('seen'),
    open: k('open'),
    draft: k('draft'),
    inv: k('inv'),
    invconv: k('invconv'),
    prechat: k('prechat'),
  };
}

/** What the session's parts share: the state, the site's storage and the way to the loader. */
export interface SessionContext {
  readonly store: SessionStore;
  readonly storage: SharedStorage;
  readonly keys: SessionKeys;
  post(msg: FrameToHost): void;
}
