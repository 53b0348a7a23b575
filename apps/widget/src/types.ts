/**
 * The visitor side of the live-chat contract (docs/live-chat.md), mirrored here so the widget does
 * not depend on the API's runtime code. `test/contract.test.ts` requires the events, outputs and
 * limits to be exactly the API's types (`AppRouter` and its exported limits).
 */
import type { Locale } from './i18n/locales';
import type { CallSignal } from './lib/call-peer';

export type InvitationSource = 'any' | 'search' | 'referral' | 'direct' | 'campaign';
export type VisitSource = Exclude<InvitationSource, 'any'>;

export interface InvitationRule {
  id: string;
  text: string;
  secondsOnPage: number;
  urlPattern?: string;
  minVisits?: number;
  source: InvitationSource;
}

export interface WebsiteConfig {
  color: string;
  position: 'right' | 'left';
  title: string;
  greeting: string;
  preChatForm: { enabled: boolean; requireName: boolean; requireEmail: boolean; requirePhone: boolean };
  offlineForm: { enabled: boolean };
  invitations: InvitationRule[];
  /** H1: the Call button; a call rings the agents this long before it is missed. */
  calls: { enabled: boolean; ringSeconds: number };
  /** G7: how the widget asks for a rating when a chat ends. */
  ratingScale: 'thumbs' | 'stars';
  /** G5: the widget's language for every visitor, or `auto` (the visitor's browser decides). */
  language: 'auto' | Locale;
}

export interface PageInfo {
  url: string;
  title: string;
  referrer: string;
}

export interface Identity {
  userId: string;
  hash: string;
}

export interface Contact {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface WidgetAgent {
  id: string;
  name: string;
  avatarUrl: string | null;
}

export interface WidgetMessage {
  id: string;
  clientId: string | null;
  conversationId: string;
  author: 'visitor' | 'agent' | 'system';
  agent: WidgetAgent | null;
  body: string;
  createdAt: string;
  /** The API shares this shape with the console, hence 'started' (the widget shows its body). */
  system?: {
    event: 'joined' | 'left' | 'closed' | 'started' | 'transferred' | 'call';
    name?: string;
    userId?: string;
    /** H1: the call a `call` line records. */
    call?: CallRecord;
  };
  /** C11: files; `url` is a signed, expiring download link on the API's origin. */
  attachments?: WidgetAttachment[];
  /** C8: a GIF an agent sent. */
  gif?: { url: string; previewUrl: string; width: number; height: number; provider: string; title: string };
  /** Shared with the console's messages; a widget conversation never has them, they are only typed. */
  edited?: { at: string; original: string | null };
  sender?: { name: string | null; address: string };
  /** J7: written by the site's bot (through Parley's REST API), not by an agent: shown by its name. */
  bot?: { name: string };
}

export interface WidgetAttachment {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  image: boolean;
  width: number | null;
  height: number | null;
  url: string;
}

export interface WidgetConversation {
  id: string;
  /** The invitation the visitor answered to start it, if any. */
  invitationText: string | null;
  agents: WidgetAgent[];
  messages: WidgetMessage[];
  hasMore: boolean;
  agentReadAt: string | null;
}

export interface Visitor {
  id: string;
  number: number;
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface StartInput {
  channelKey: string;
  visitorToken?: string | null;
  identity?: Identity | null;
  page: PageInfo;
  locale?: string;
}

export interface StartOutput {
  visitorToken: string;
  /** Where the event stream starts when the widget has no event id yet (nothing falls between). */
  eventId: string | null;
  visitor: Visitor;
  visit: { id: string; number: number; pagesThisVisit: number; startedAt: string; source: VisitSource };
  channel: { name: string; config: WebsiteConfig; agentsOnline: boolean };
  conversation: WidgetConversation | null;
  banned: boolean;
  /** G7: the transcript by email is offered only where the server can send mail. */
  features: { transcript: boolean };
  /** G7: a chat of this visitor that ended in the last day, to rate after a reload. */
  endedConversationId: string | null;
}

/** G7: the visitor's rating of an ended chat (`thumbs`: 0 bad, 1 good; `stars`: 1..5). */
export interface WidgetRating {
  conversationId: string;
  visitorId: string;
  agentId: string | null;
  scale: 'thumbs' | 'stars';
  score: number;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RateInput {
  conversationId: string;
  score: number;
  comment?: string | null;
}

export interface TranscriptInput {
  conversationId: string;
  email?: string | null;
  /** The widget's language; the mail is written in it. */
  locale?: Locale;
}

export interface SendInput {
  clientId: string;
  body: string;
  invitationText?: string | null;
}

export interface OfflineMessageInput {
  clientId: string;
  name: string;
  email: string;
  body: string;
}

export interface HistoryOutput {
  messages: WidgetMessage[];
  hasMore: boolean;
}

export type WidgetEvent =
  | { type: 'message'; message: WidgetMessage }
  | { type: 'agent.joined'; agent: WidgetAgent }
  | { type: 'agent.left'; agent: WidgetAgent }
  | { type: 'read'; at: string }
  | { type: 'conversation.closed'; conversationId: string }
  | { type: 'agents.online'; online: boolean }
  | { type: 'typing'; agent: WidgetAgent; typing: boolean }
  | { type: 'pointer'; selector: string; url: string | null; agent: WidgetAgent }
  | { type: 'pointer.snapshot'; requestId: string; agentId: string; url: string | null }
  | { type: 'banned' }
  | { type: 'call.updated'; call: WidgetCall }
  | { type: 'call.signal'; callId: string; signal: CallSignal };

export type { CallSignal };

export type CallStatus = 'ringing' | 'active' | 'ended' | 'missed' | 'declined' | 'failed';

/** H1: the visitor's call as the API tells it. */
export interface WidgetCall {
  id: string;
  status: CallStatus;
  agent: WidgetAgent | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationSec: number | null;
}

export type CallRecord = {
  id: string;
  outcome: 'answered' | 'missed' | 'declined' | 'failed';
  durationSec: number | null;
  ringingMs: number | null;
};

export interface IceServer {
  urls: string | string[];
  username?: string | undefined;
  credential?: string | undefined;
}

export interface StartCallOutput {
  call: WidgetCall;
  iceServers: IceServer[];
}

/** C6: a sanitised copy of the host page and its CSS (apart: inline CSS would break the console's CSP). */
export interface PageCopy {
  html: string;
  css: string;
}

/** Limits from the contract (the API's MESSAGE_MAX, CONTACT_NAME_MAX, SNAPSHOT_MAX); the server enforces them too. */
export const LIMITS = { body: 5000, name: 100, typing: 5000, snapshot: 250_000 } as const;

/** G7: the API's RATING_COMMENT_MAX. */
export const RATING_COMMENT_LIMIT = 1000;
