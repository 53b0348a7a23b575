import type { Db, DbTx, Prisma } from '@parley/db';
import { signFileLink } from '../../lib/file-links';
import { avatarUrl } from '../users';
import { type VisitorBan, visitorBan } from './ban-lookup';
import { VISITOR_ONLINE_MS } from './constants';
import { parseUserAgent, type SourceKind, sourceKind, type TDeviceType } from './tracking';
import { type MessageTranslation, readTranslation } from './translation-meta';

/** The shapes of docs/live-chat.md, built from rows in one place. */
type Client = Db | DbTx;
type Author = 'visitor' | 'agent' | 'system';

export interface AgentBrief {
  id: string;
  name: string;
  avatarUrl: string | null;
}
export interface SystemInfo {
  event: 'joined' | 'left' | 'closed' | 'started' | 'transferred' | 'call';
  name?: string;
  /** The agent `name` is, so visitors see their name on this channel (agent-names.ts). */
  userId?: string;
  /** H1: the call this line records (event `call`). */
  call?: CallRecord;
}

/** A finished call as its line in the conversation shows it (domain/calls). */
export type CallRecord = {
  id: string;
  outcome: 'answered' | 'missed' | 'declined' | 'failed';
  durationSec: number | null;
  ringingMs: number | null;
};
export interface ChatMessage {
  id: string;
  conversationId: string;
  clientId: string | null;
  author: Author;
  agent: AgentBrief | null;
  /** `note`: a private note (C13), only ever shown to agents. */
  kind: 'text' | 'system' | 'note' | 'file' | 'gif';
  body: string;
  createdAt: string;
  system?: SystemInfo;
  /** C7: see translation-meta.ts. */
  translation?: MessageTranslation;
  /**
   * An agent message going out through a channel plugin: pending → retrying → sent / failed, then
   * delivered → read as the provider reports it.
   */
  delivery?: {
    status: 'pending' | 'retrying' | 'sent' | 'failed' | 'delivered' | 'read';
    error: string | null;
  };
  /** The contact edited it on their channel: when, and the text as it first arrived. */
  edited?: { at: string; original: string | null };
  /** J7: written by an integration's bot (REST API), not by an agent: `author` is `agent`, `agent` null. */
  bot?: { name: string };
  /** Written by another address of the conversation's thread (a colleague in Cc), not its contact. */
  sender?: { name: string | null; address: string };
  /** `file` messages (C11): download links are signed and expire (lib/file-links.ts). */
  attachments?: AttachmentView[];
  /** `gif` messages (C8). */
  gif?: GifInfo;
}
export type WidgetMessage = Omit<ChatMessage, 'kind' | 'translation' | 'delivery'>;
export interface AttachmentView {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  /** Shown inline (previews, lightbox); every other type is a download. */
  image: boolean;
  width: number | null;
  height: number | null;
  url: string;
}
export interface GifInfo {
  url: string;
  previewUrl: string;
  width: number;
  height: number;
  provider: string;
  title: string;
}

export interface VisitorBrief {
  id: string;
  number: number;
  name: string | null;
  email: string | null;
  city: string | null;
  country: string | null;
  online: boolean;
  currentPage: { url: string; title: string } | null;
}

export interface ConversationSummary {
  id: string;
  channel: { id: string; name: string };
  status: 'open' | 'closed';
  assignee: { id: string; name: string } | null;
  agentIds: string[];
  visitor: VisitorBrief;
  invitationText: string | null;
  /** The subject of an email conversation (its first mail's). */
  subject: string | null;
  offline: boolean;
  /** C7: the language agents read this chat in when the translator is on; null = off. */
  translateTo: string | null;
  tags: { id: string; name: string; color: string | null }[];
  /** `agent` names who wrote it, so a preview says "You:" only on my own words. */
  lastMessage: {
    body: string;
    author: Author;
    agent: { id: string; name: string } | null;
    createdAt: string;
  } | null;
  unread: number;
  startedAt: string;
  lastMessageAt: string;
}

export const authorInclude = { authorUser: { select: { id: true, name: true, avatarKey: true } } } as const;
export const messageInclude = {
  ...authorInclude,
  attachments: { orderBy: { createdAt: 'asc' as const } },
} as const;
type AttachmentRow = Prisma.AttachmentGetPayload<object>;
export type MessageRow = Prisma.MessageGetPayload<{ include: typeof authorInclude }> & {
  attachments?: AttachmentRow[];
};

/** Types browsers may show inline; must match what attachments.ts lets in as images. */
export const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const toAttachmentView = (a: AttachmentRow): AttachmentView => ({
  id: a.id,
  name: a.fileName,
  mimeType: a.mimeType,
  size: a.size,
  image: INLINE_IMAGE_TYPES.has(a.mimeType),
  width: a.width,
  height: a.height,
  url: signFileLink(a),
});

export const agentBrief = (u: { id: string; name: string; avatarKey: string | null }): AgentBrief => ({
  id: u.id,
  name: u.name,
  avatarUrl: avatarUrl(u.avatarKey),
});

/** The bot a message's meta names (J7), if any. */
export function botOf(meta: unknown): { name: string } | null {
  const bot = (meta as { bot?: { name?: unknown } } | null)?.bot;
  return typeof bot?.name === 'string' ? { name: bot.name } : null;
}

export function toChatMessage(m: MessageRow): ChatMessage {
  const meta = (m.meta ?? null) as {
    system?: SystemInfo;
    gif?: GifInfo;
    original?: unknown;
    sender?: { name: string | null; address: string };
  } | null;
  return {
    id: m.id,
    conversationId: m.conversationId,
    clientId: m.clientId,
    author: m.authorType,
    agent: m.authorUser ? agentBrief(m.authorUser) : null,
    kind: m.kind === 'call' ? 'text' : m.kind,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    ...(meta?.system ? { system: meta.system } : {}),
    ...translationField(m.meta),
    // Website messages are always `sent` with no provider id; plugin deliveries are not.
    ...(m.authorType === 'agent' && (m.deliveryStatus !== 'sent' || m.externalId)
      ? { delivery: { status: m.deliveryStatus, error: m.deliveryError } }
      : {}),
    ...(m.kind === 'file' ? { attachments: (m.attachments ?? []).map(toAttachmentView) } : {}),
    ...(m.kind === 'gif' && meta?.gif ? { gif: meta.gif } : {}),
    ...(meta?.sender && m.authorType === 'visitor' ? { sender: meta.sender } : {}),
    ...botField(m),
    ...(m.editedAt && m.authorType === 'visitor'
      ? {
          edited: {
            at: m.editedAt.toISOString(),
            original: typeof meta?.original === 'string' ? meta.original : null,
          },
        }
      : {}),
  };
}

function botField(m: MessageRow) {
  const bot = m.authorType === 'agent' && !m.authorUserId ? botOf(m.meta) : null;
  return bot ? { bot } : {};
}

function translationField(meta: unknown) {
  const translation = readTranslation(meta);
  return translation ? { translation } : {};
}

export function toWidgetMessage(m: MessageRow): WidgetMessage {
  return widgetView(toChatMessage(m));
}

/**
 * What the visitor's widget shows of a message (notes never get this far): an agent's message in the
 * visitor's language when the translator is on (C7), never the agents' side of the translation.
 */
export function widgetView(message: ChatMessage): WidgetMessage {
  const {
    kind: _kind,
    translation,
    delivery: _delivery,
    edited: _edited,
    sender: _sender,
    ...rest
  } = message;
  const translated = message.author === 'agent' && translation?.status === 'translated' && translation.text;
  return { ...rest, body: translated || message.body };
}

/** Messages a visitor may see: private notes never leave the console. */
export const visibleToVisitor = { kind: { not: 'note' as const } };

export async function loadMessages(
  db: Client,
  accountId: string,
  conversationId: string,
  opts: { before?: string | undefined; limit: number; forVisitor?: boolean },
) {
  let beforeDate: Date | undefined;
  if (opts.before) {
    const anchor = await db.message.findFirst({ where: { id: opts.before, accountId, conversationId } });
    beforeDate = anchor?.createdAt;
  }
  const rows = await db.message.findMany({
    where: {
      accountId,
      conversationId,
      ...(opts.forVisitor ? visibleToVisitor : {}),
      ...(beforeDate ? { createdAt: { lt: beforeDate } } : {}),
    },
    include: messageInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: opts.limit + 1,
  });
  const hasMore = rows.length > opts.limit;
  return { rows: rows.slice(0, opts.limit).reverse(), hasMore };
}

export async function getMessage(db: Client, accountId: string, id: string) {
  return db.message.findFirstOrThrow({ where: { id, accountId }, include: messageInclude });
}

const latestVisit = {
  orderBy: { startedAt: 'desc' as const },
  take: 1,
  include: { pageViews: { orderBy: { at: 'desc' as const }, take: 1 } },
};

type VisitorWithVisit = Prisma.VisitorGetPayload<{ include: { visits: typeof latestVisit } }>;

export function isOnline(visit: { endedAt: Date | null; lastActiveAt: Date } | undefined, now = Date.now()) {
  return Boolean(visit && !visit.endedAt && now - visit.lastActiveAt.getTime() < VISITOR_ONLINE_MS);
}

export function toVisitorBrief(v: VisitorWithVisit): VisitorBrief {
  const visit = v.visits[0];
  const page = visit?.pageViews[0];
  return {
    id: v.id,
    number: v.number,
    name: v.name,
    email: v.email,
    city: v.city,
    country: v.country,
    online: isOnline(visit),
    currentPage: page ? { url: page.url, title: page.title ?? '' } : null,
  };
}

export async function visitorBriefs(db: Client, accountId: string, ids: string[]) {
  const rows = await db.visitor.findMany({
    where: { accountId, id: { in: ids } },
    include: { visits: latestVisit },
  });
  return new Map(rows.map((v) => [v.id, toVisitorBrief(v)]));
}

/** Summaries for a list of conversations; `unread` is counted for `forUserId` (or the assignee). */
export async function summarize(
  db: Client,
  accountId: string,
  ids: string[],
  forUserId?: string,
): Promise<ConversationSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.conversation.findMany({
    where: { accountId, id: { in: ids } },
    include: {
      channel: { select: { id: true, name: true } },
      assignee: { select: { id: true, name: true } },
      participants: { where: { leftAt: null }, select: { userId: true, lastReadAt: true } },
      visitor: { include: { visits: latestVisit } },
      // The preview shows what people wrote, not system events or private notes.
      messages: {
        where: { kind: { in: ['text', 'file', 'gif'] } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 1,
        include: { authorUser: { select: { id: true, name: true } } },
      },
      tags: { include: { tag: { select: { id: true, name: true, color: true } } } },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const result: ConversationSummary[] = [];
  for (const id of ids) {
    const c = byId.get(id);
    if (!c?.visitor) continue;
    const reader = forUserId ?? c.assigneeId;
    const participant = c.participants.find((p) => p.userId === reader);
    const unread = participant
      ? await db.message.count({
          where: {
            accountId,
            conversationId: c.id,
            authorType: 'visitor',
            ...(participant.lastReadAt ? { createdAt: { gt: participant.lastReadAt } } : {}),
          },
        })
      : 0;
    const last = c.messages[0];
    result.push({
      id: c.id,
      channel: c.channel ?? { id: '', name: '' },
      status: c.status === 'closed' ? 'closed' : 'open',
      assignee: c.assignee,
      agentIds: c.participants.map((p) => p.userId),
      visitor: toVisitorBrief(c.visitor),
      invitationText: c.invitationText,
      subject: c.kind === 'visitor' ? c.title : null,
      offline: c.origin === 'offline_form',
      translateTo: c.translateTo,
      tags: c.tags.map((t) => t.tag),
      lastMessage: last
        ? {
            body: last.body.slice(0, 300),
            author: last.authorType,
            agent: last.authorUser,
            createdAt: last.createdAt.toISOString(),
          }
        : null,
      unread,
      startedAt: c.startedAt.toISOString(),
      lastMessageAt: c.lastMessageAt.toISOString(),
    });
  }
  return result;
}

export async function summarizeOne(db: Client, accountId: string, id: string, forUserId?: string) {
  const [summary] = await summarize(db, accountId, [id], forUserId);
  if (!summary) throw new Error(`conversation ${id} vanished`);
  return summary;
}

export interface VisitorDetail extends VisitorBrief {
  phone: string | null;
  ip: string | null;
  isp: string | null;
  browser: string | null;
  os: string | null;
  /** From the visit's user agent, read again by the same parser, so the console never guesses. */
  device: { type: TDeviceType; model: string | null } | null;
  referrer: string | null;
  searchEngine: string | null;
  source: SourceKind;
  utm: {
    source: string | null;
    medium: string | null;
    campaign: string | null;
    term: string | null;
    content: string | null;
  };
  channel: { id: string; name: string };
  visits: number;
  pagesThisVisit: number;
  visitStartedAt: string | null;
  /** The last ping of this visit (its end once the visitor left): time on site keeps its real length. */
  visitLastActiveAt: string | null;
  /** C4: the active ban that refuses this visitor (theirs or their address's), or null. */
  ban: VisitorBan | null;
  pages: { url: string; title: string | null; at: string }[];
}

function deviceOf(userAgent: string | null | undefined): VisitorDetail['device'] {
  const info = parseUserAgent(userAgent);
  return info ? { type: info.deviceType, model: info.deviceModel } : null;
}

export async function visitorDetail(
  db: Client,
  accountId: string,
  visitorId: string,
): Promise<VisitorDetail | null> {
  const v = await db.visitor.findFirst({
    where: { id: visitorId, accountId },
    include: {
      visits: {
        orderBy: { startedAt: 'desc' },
        take: 1,
        include: {
          pageViews: { orderBy: { at: 'desc' }, take: 100 },
          channel: { select: { id: true, name: true } },
        },
      },
    },
  });
  if (!v) return null;
  const visit = v.visits[0];
  const brief = toVisitorBrief({
    ...v,
    visits: visit ? [{ ...visit, pageViews: visit.pageViews.slice(0, 1) }] : [],
  });
  return {
    ...brief,
    phone: v.phone,
    ip: visit?.ip ?? null,
    isp: visit?.isp ?? null,
    browser: visit?.browser ?? null,
    os: visit?.os ?? null,
    device: deviceOf(visit?.userAgent),
    referrer: visit?.referrer ?? null,
    searchEngine: visit?.searchEngine ?? null,
    source: visit ? sourceKind(visit) : 'direct',
    utm: {
      source: visit?.utmSource ?? null,
      medium: visit?.utmMedium ?? null,
      campaign: visit?.utmCampaign ?? null,
      term: visit?.utmTerm ?? null,
      content: visit?.utmContent ?? null,
    },
    channel: visit?.channel ?? { id: '', name: '' },
    visits: v.visitCount,
    pagesThisVisit: visit?.pageCount ?? 0,
    visitStartedAt: visit?.startedAt.toISOString() ?? null,
    visitLastActiveAt: visit ? (visit.endedAt ?? visit.lastActiveAt).toISOString() : null,
    ban: await visitorBan(db, accountId, v.id, visit?.ip ?? null),
    pages: (visit?.pageViews ?? []).map((p) => ({ url: p.url, title: p.title, at: p.at.toISOString() })),
  };
}
