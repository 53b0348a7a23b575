import { type Database, type Db, type DbProvider, isUniqueViolation } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import type { FileStore } from '../../lib/file-store';
import { publishEphemeral, withLiveEvents } from '../../live/events';
import type { Logger } from '../../logger';
import { acceptInHotPath } from './accept-chat-hot-path';
import { replyInChat } from './agent-reply-hot-path';
import { deliverOutboundLater } from './channel-outbox';
import { HISTORY_PAGE, visitorTopic } from './constants';
import { emitConversation, postMessage } from './messages';
import { servesChannel } from './routing';
import { searchConversationIds } from './search';
import { translationForVisitor } from './translation';
import {
  agentBrief,
  type ChatMessage,
  getMessage,
  loadMessages,
  summarize,
  summarizeOne,
  toChatMessage,
  visitorDetail,
} from './views';

export interface ChatDeps {
  db: Db;
  bus: EventBus;
  provider: DbProvider;
  /** Replies in plugin-backed channels (Telegram, email...) go out through these. */
  plugins: PluginHost;
  logger: Logger;
  files: FileStore;
  /** The hot path's SQL for chat messages; without it every reply goes through Prisma. */
  database?: Pick<Database, 'hotPath'>;
}

export interface Agent {
  accountId: string;
  userId: string;
}

const taken = () => new AppError('conflict', 'chat.already_taken', 'Another agent already took this chat');
const notYours = () => new AppError('forbidden', 'chat.not_participant', 'Join the chat first');

export async function findVisitorChat(db: Db, agent: Agent, conversationId: string) {
  const c = await db.conversation.findFirst({
    where: { id: conversationId, accountId: agent.accountId, kind: 'visitor' },
  });
  if (!c?.visitorId) throw notFound('Conversation');
  return { ...c, visitorId: c.visitorId };
}

export async function isParticipant(db: Db, conversationId: string, userId: string) {
  const p = await db.participant.findUnique({ where: { conversationId_userId: { conversationId, userId } } });
  return Boolean(p && !p.leftAt);
}

/** B1: open chats nobody has taken, in the channels I serve. */
export async function listInbox(deps: ChatDeps, agent: Agent) {
  const rows = await deps.db.conversation.findMany({
    where: { accountId: agent.accountId, kind: 'visitor', status: 'open', assigneeId: null },
    orderBy: { lastMessageAt: 'desc' },
    take: 200,
    select: { id: true, channelId: true },
  });
  const mine: string[] = [];
  for (const r of rows)
    if (!r.channelId || (await servesChannel(deps.db, r.channelId, agent.userId))) mine.push(r.id);
  return summarize(deps.db, agent.accountId, mine, agent.userId);
}

/** B2: open chats I am in. */
export async function listMine(deps: ChatDeps, agent: Agent) {
  const rows = await deps.db.participant.findMany({
    where: {
      accountId: agent.accountId,
      userId: agent.userId,
      leftAt: null,
      conversation: { status: 'open', kind: 'visitor' },
    },
    orderBy: { conversation: { lastMessageAt: 'desc' } },
    select: { conversationId: true },
  });
  return summarize(
    deps.db,
    agent.accountId,
    rows.map((r) => r.conversationId),
    agent.userId,
  );
}

export interface ArchiveQuery {
  q?: string | undefined;
  channelId?: string | undefined;
  agentId?: string | undefined;
  status?: 'open' | 'closed' | undefined;
  tagId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  /** H1: only conversations with a call: any, an answered one, or a missed/declined one. */
  calls?: 'any' | 'answered' | 'missed' | undefined;
}

const callFilter = (calls: ArchiveQuery['calls']) =>
  calls === 'answered'
    ? { answeredAt: { not: null } }
    : calls === 'missed'
      ? { status: { in: ['missed' as const, 'declined' as const] } }
      : {};

const ARCHIVE_PAGE = 30;

/** B3: every conversation, newest first, with full-text search and filters; cursor = offset. */
export async function listArchive(deps: ChatDeps, agent: Agent, query: ArchiveQuery) {
  const offset = Number(query.cursor ?? 0) || 0;
  const textMatches = query.q?.trim()
    ? await searchConversationIds(deps.db, deps.provider, agent.accountId, query.q)
    : null;
  const rows = await deps.db.conversation.findMany({
    where: {
      accountId: agent.accountId,
      kind: 'visitor',
      ...(textMatches ? { id: { in: textMatches } } : {}),
      ...(query.channelId ? { channelId: query.channelId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.tagId ? { tags: { some: { tagId: query.tagId } } } : {}),
      ...(query.agentId ? { participants: { some: { userId: query.agentId } } } : {}),
      ...(query.calls ? { calls: { some: callFilter(query.calls) } } : {}),
      ...(query.from || query.to
        ? {
            startedAt: {
              ...(query.from ? { gte: new Date(query.from) } : {}),
              ...(query.to ? { lte: new Date(query.to) } : {}),
            },
          }
        : {}),
    },
    orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
    skip: offset,
    take: ARCHIVE_PAGE + 1,
    select: { id: true },
  });
  const page = rows.slice(0, ARCHIVE_PAGE);
  return {
    items: await summarize(
      deps.db,
      agent.accountId,
      page.map((r) => r.id),
      agent.userId,
    ),
    nextCursor: rows.length > ARCHIVE_PAGE ? String(offset + ARCHIVE_PAGE) : null,
  };
}

export async function getChat(deps: ChatDeps, agent: Agent, conversationId: string) {
  const c = await findVisitorChat(deps.db, agent, conversationId);
  const [conversation, visitor, { rows, hasMore }] = await Promise.all([
    summarizeOne(deps.db, agent.accountId, c.id, agent.userId),
    visitorDetail(deps.db, agent.accountId, c.visitorId),
    loadMessages(deps.db, agent.accountId, c.id, { limit: HISTORY_PAGE }),
  ]);
  if (!visitor) throw notFound('Visitor');
  return {
    conversation,
    visitor,
    messages: rows.map(toChatMessage),
    hasMore,
    visitorReadAt: c.visitorReadAt?.toISOString() ?? null,
  };
}

export async function chatHistory(deps: ChatDeps, agent: Agent, conversationId: string, before: string) {
  const c = await findVisitorChat(deps.db, agent, conversationId);
  const { rows, hasMore } = await loadMessages(deps.db, agent.accountId, c.id, {
    before,
    limit: HISTORY_PAGE,
  });
  return { messages: rows.map(toChatMessage), hasMore };
}

async function agentName(db: Db, agent: Agent) {
  const u = await db.user.findFirstOrThrow({ where: { id: agent.userId, accountId: agent.accountId } });
  return u;
}

/**
 * Routing: the first agent to accept owns the chat; the others see it leave their Inbox. On the hot
 * path's SQL (accept-chat-hot-path) when there is one; the Prisma path below does the same.
 */
export async function acceptChat(deps: ChatDeps, agent: Agent, conversationId: string) {
  if (deps.database?.hotPath) {
    const accepted = await acceptInHotPath(
      { database: deps.database, bus: deps.bus },
      agent,
      conversationId,
      {
        notYours,
        taken,
      },
    );
    if (accepted) return accepted;
  }
  const c = await findVisitorChat(deps.db, agent, conversationId);
  if (c.status !== 'open') throw new AppError('conflict', 'chat.closed', 'This chat has ended');
  if (c.assigneeId === agent.userId) return summarizeOne(deps.db, agent.accountId, c.id, agent.userId);
  if (c.channelId && !(await servesChannel(deps.db, c.channelId, agent.userId))) throw notYours();
  const user = await agentName(deps.db, agent);
  await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    const { count } = await tx.conversation.updateMany({
      where: { id: c.id, accountId: agent.accountId, assigneeId: null, status: 'open' },
      data: { assigneeId: agent.userId },
    });
    if (count !== 1) throw taken();
    await tx.participant.upsert({
      where: { conversationId_userId: { conversationId: c.id, userId: agent.userId } },
      create: {
        accountId: agent.accountId,
        conversationId: c.id,
        userId: agent.userId,
        lastReadAt: new Date(),
      },
      update: { leftAt: null, lastReadAt: new Date() },
    });
    await emit({ topic: visitorTopic(c.visitorId), data: { type: 'agent.joined', agent: agentBrief(user) } });
    await postMessage(tx, emit, {
      accountId: agent.accountId,
      conversationId: c.id,
      visitorId: c.visitorId,
      author: { type: 'system' },
      body: `${user.name} joined the chat`,
      system: { event: 'joined', name: user.name, userId: user.id },
    });
  });
  return summarizeOne(deps.db, agent.accountId, c.id, agent.userId);
}

export interface SendInput {
  conversationId: string;
  clientId: string;
  body: string;
}

/**
 * A reply in a chat of a website channel, the common case, goes through the hot path's SQL
 * (agent-reply-hot-path); the rest (plugin channels, translation, resends) through Prisma here.
 */
export async function sendAgentMessage(deps: ChatDeps, agent: Agent, input: SendInput): Promise<ChatMessage> {
  if (deps.database?.hotPath) {
    try {
      const sent = await replyInChat({ database: deps.database, bus: deps.bus }, agent, input, { notYours });
      if (sent) return sent;
    } catch (err) {
      // The same clientId raced in from another tab or process: the Prisma path returns the stored one.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  const c = await findVisitorChat(deps.db, agent, input.conversationId);
  // A resend after a reconnect (G2): the stored one, read in full only then.
  const existing = await storedByClientId(deps.db, agent.accountId, c.id, input.clientId);
  if (existing) return existing;
  if (!(await isParticipant(deps.db, c.id, agent.userId))) throw notYours();
  if (c.status !== 'open') throw new AppError('conflict', 'chat.closed', 'This chat has ended');
  return postOutgoing(deps, agent.accountId, c, { type: 'agent', userId: agent.userId }, input);
}

/**
 * J7: a message from an integration's bot (the REST API with the `messages:bot` scope), shown to the
 * visitor and in the console as the bot's, by no agent. The chat must be open; no agent need be in it
 * (a bot may answer a chat request while it waits). Idempotent by `clientId` like an agent's.
 */
export async function sendBotMessage(
  deps: ChatDeps,
  actor: Agent,
  input: SendInput & { name: string },
): Promise<ChatMessage> {
  const c = await findVisitorChat(deps.db, actor, input.conversationId);
  const existing = await storedByClientId(deps.db, actor.accountId, c.id, input.clientId);
  if (existing) return existing;
  if (c.status !== 'open') throw new AppError('conflict', 'chat.closed', 'This chat has ended');
  return postOutgoing(deps, actor.accountId, c, { type: 'bot', name: input.name }, input);
}

async function storedByClientId(db: Db, accountId: string, conversationId: string, clientId: string) {
  const existing = await db.message.findFirst({
    where: { accountId, conversationId, clientId },
    select: { id: true },
  });
  return existing ? toChatMessage(await getMessage(db, accountId, existing.id)) : null;
}

/** A message on the agents' side (an agent's or a bot's), translated and sent out like one typed in the console. */
async function postOutgoing(
  deps: ChatDeps,
  accountId: string,
  c: Awaited<ReturnType<typeof findVisitorChat>>,
  author: { type: 'agent'; userId: string } | { type: 'bot'; name: string },
  input: SendInput,
): Promise<ChatMessage> {
  const viaPlugin = c.channelId
    ? await deps.db.pluginInstall.findUnique({ where: { channelId: c.channelId } })
    : null;
  // C7: in the visitor's language when the translator is on (bounded wait; the original on failure).
  const translation = await translationForVisitor(deps, c, input.body);
  try {
    const message = await withLiveEvents(deps, accountId, async (tx, emit) => {
      const posted = await postMessage(
        tx,
        emit,
        {
          translation,
          accountId,
          conversationId: c.id,
          visitorId: c.visitorId,
          author,
          body: input.body,
          clientId: input.clientId,
          ...(viaPlugin ? { deliveryStatus: 'pending' as const } : {}),
        },
        // The console updates the list preview from the message event (docs/live-chat.md).
        { announceConversation: false },
      );
      // Replying means I have read what came before.
      if (author.type === 'agent')
        await tx.participant.updateMany({
          where: { conversationId: c.id, userId: author.userId },
          data: { lastReadAt: new Date(posted.createdAt) },
        });
      return posted;
    });
    // Out through the channel in the background: the console shows pending → sent / retrying / failed.
    if (viaPlugin) deliverOutboundLater(deps, message.id);
    return message;
  } catch (err) {
    if (isUniqueViolation(err)) {
      const stored = await storedByClientId(deps.db, accountId, c.id, input.clientId);
      if (stored) return stored;
    }
    throw err;
  }
}

/** Sends a failed outbound message again (plugin channels). */
export async function resendMessage(deps: ChatDeps, agent: Agent, messageId: string) {
  const message = await deps.db.message.findFirst({
    where: { id: messageId, accountId: agent.accountId, authorType: 'agent', deliveryStatus: 'failed' },
  });
  if (!message) throw notFound('Message');
  if (!(await isParticipant(deps.db, message.conversationId, agent.userId))) throw notYours();
  await deps.db.message.update({
    where: { id: message.id },
    data: { deliveryStatus: 'pending', deliveryError: null },
  });
  deliverOutboundLater(deps, message.id);
}

/** B4 Quick reply: take the chat and answer from the notification card. */
export async function quickReply(deps: ChatDeps, agent: Agent, input: SendInput) {
  await acceptChat(deps, agent, input.conversationId);
  return sendAgentMessage(deps, agent, input);
}

export async function agentTyping(deps: ChatDeps, agent: Agent, conversationId: string, typing: boolean) {
  const c = await findVisitorChat(deps.db, agent, conversationId);
  if (!(await isParticipant(deps.db, c.id, agent.userId))) return;
  const user = await agentName(deps.db, agent);
  await publishEphemeral(deps.bus, agent.accountId, {
    topic: visitorTopic(c.visitorId),
    data: { type: 'typing', agent: agentBrief(user), typing },
  });
}

export async function markRead(deps: ChatDeps, agent: Agent, conversationId: string) {
  const c = await findVisitorChat(deps.db, agent, conversationId);
  const at = new Date();
  await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    const { count } = await tx.participant.updateMany({
      where: { conversationId: c.id, userId: agent.userId, leftAt: null },
      data: { lastReadAt: at },
    });
    if (count === 0) return;
    await emit({ topic: visitorTopic(c.visitorId), data: { type: 'read', at: at.toISOString() } });
    await emitConversation(tx, emit, agent.accountId, c.id);
  });
}

/** B6 Leave chat: when the last agent leaves, the chat ends. */
export async function leaveChat(deps: ChatDeps, agent: Agent, conversationId: string) {
  const c = await findVisitorChat(deps.db, agent, conversationId);
  if (!(await isParticipant(deps.db, c.id, agent.userId))) throw notYours();
  const user = await agentName(deps.db, agent);
  await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    await tx.participant.update({
      where: { conversationId_userId: { conversationId: c.id, userId: agent.userId } },
      data: { leftAt: new Date() },
    });
    const remaining = await tx.participant.findMany({
      where: { conversationId: c.id, leftAt: null },
      orderBy: { joinedAt: 'asc' },
    });
    await emit({ topic: visitorTopic(c.visitorId), data: { type: 'agent.left', agent: agentBrief(user) } });
    const last = remaining.length === 0;
    if (last) {
      await tx.conversation.update({ where: { id: c.id }, data: { status: 'closed', closedAt: new Date() } });
    } else if (c.assigneeId === agent.userId) {
      await tx.conversation.update({
        where: { id: c.id },
        data: { assigneeId: remaining[0]?.userId ?? null },
      });
    }
    await postMessage(tx, emit, {
      accountId: agent.accountId,
      conversationId: c.id,
      visitorId: c.visitorId,
      author: { type: 'system' },
      body: last ? `${user.name} left; the chat has ended` : `${user.name} left the chat`,
      system: { event: last ? 'closed' : 'left', name: user.name, userId: user.id },
    });
    if (last)
      await emit({
        topic: visitorTopic(c.visitorId),
        data: { type: 'conversation.closed', conversationId: c.id },
      });
  });
}

/** F2: proactive chat with a visitor on the site. */
export async function startWithVisitor(
  deps: ChatDeps,
  agent: Agent,
  input: { visitorId: string; clientId: string; body: string },
) {
  const visitor = await deps.db.visitor.findFirst({
    where: { id: input.visitorId, accountId: agent.accountId },
  });
  if (!visitor) throw notFound('Visitor');
  const visit = await deps.db.visit.findFirst({
    where: { visitorId: visitor.id },
    orderBy: { lastActiveAt: 'desc' },
  });
  if (!visit)
    throw new AppError('bad_request', 'visitor.not_on_site', 'This visitor is not on a website now');
  const open = await deps.db.conversation.findFirst({
    where: {
      accountId: agent.accountId,
      visitorId: visitor.id,
      channelId: visit.channelId,
      status: 'open',
      kind: 'visitor',
    },
  });
  let conversationId = open?.id;
  if (open?.assigneeId && open.assigneeId !== agent.userId) {
    throw new AppError('conflict', 'chat.visitor_busy', 'A teammate is already chatting with this visitor');
  }
  if (!conversationId) {
    const created = await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
      const c = await tx.conversation.create({
        data: {
          accountId: agent.accountId,
          channelId: visit.channelId,
          visitorId: visitor.id,
          origin: 'proactive',
        },
      });
      await emitConversation(tx, emit, agent.accountId, c.id);
      return c;
    });
    conversationId = created.id;
  }
  await acceptChat(deps, agent, conversationId);
  await sendAgentMessage(deps, agent, { conversationId, clientId: input.clientId, body: input.body });
  return summarizeOne(deps.db, agent.accountId, conversationId, agent.userId);
}
