import type { DbTx } from '@parley/db';
import { type Db, isUniqueViolation } from '@parley/db';
import type { EventBus } from '../bus/event-bus';
import { AppError, notFound } from '../errors';
import { type Emit, withLiveEvents } from '../live/events';
import { CONSOLE_TOPIC, HISTORY_PAGE } from './live-chat/constants';
import type { TeamConversationView } from './live-chat/team-conversation-view';
import { getMessage, loadMessages, toChatMessage } from './live-chat/views';
import { avatarUrl } from './users';

/** E1/E2: agent-to-agent direct chats and team groups; only participants ever read them. */
export interface TeamDeps {
  db: Db;
  bus: EventBus;
}
export interface TeamActor {
  accountId: string;
  userId: string;
}

const directKey = (a: string, b: string) => `direct:${[a, b].sort().join(':')}`;

async function members(tx: Db | DbTx, conversationId: string) {
  const rows = await tx.participant.findMany({
    where: { conversationId, leftAt: null },
    include: { user: { select: { id: true, name: true, avatarKey: true, presence: true } } },
    orderBy: { joinedAt: 'asc' },
  });
  return rows.map((p) => ({
    id: p.user.id,
    name: p.user.name,
    avatarUrl: avatarUrl(p.user.avatarKey),
    presence: p.user.presence,
  }));
}

export async function teamConversation(
  tx: Db | DbTx,
  accountId: string,
  conversationId: string,
  forUserId: string,
): Promise<TeamConversationView> {
  const c = await tx.conversation.findFirstOrThrow({
    where: { id: conversationId, accountId },
    include: {
      messages: {
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 1,
        include: { authorUser: { select: { id: true, name: true } } },
      },
    },
  });
  const me = await tx.participant.findUnique({
    where: { conversationId_userId: { conversationId, userId: forUserId } },
  });
  const unread = me
    ? await tx.message.count({
        where: {
          conversationId,
          authorUserId: { not: forUserId },
          ...(me.lastReadAt ? { createdAt: { gt: me.lastReadAt } } : {}),
        },
      })
    : 0;
  const last = c.messages[0];
  return {
    id: c.id,
    kind: c.kind === 'group' ? ('group' as const) : ('direct' as const),
    title: c.title,
    members: await members(tx, c.id),
    lastMessage: last
      ? {
          body: last.body.slice(0, 300),
          authorId: last.authorUser?.id ?? null,
          authorName: last.authorUser?.name ?? null,
          createdAt: last.createdAt.toISOString(),
        }
      : null,
    unread,
    lastMessageAt: c.lastMessageAt.toISOString(),
  };
}

async function requireMember(db: Db | DbTx, actor: TeamActor, conversationId: string) {
  const c = await db.conversation.findFirst({
    where: { id: conversationId, accountId: actor.accountId, kind: { in: ['direct', 'group'] } },
  });
  const p = c
    ? await db.participant.findUnique({
        where: { conversationId_userId: { conversationId, userId: actor.userId } },
      })
    : null;
  // Not being a member looks exactly like the chat not existing.
  if (!c || !p || p.leftAt) throw notFound('Conversation');
  return c;
}

export async function listTeamConversations(db: Db, actor: TeamActor) {
  const rows = await db.participant.findMany({
    where: {
      accountId: actor.accountId,
      userId: actor.userId,
      leftAt: null,
      conversation: { kind: { in: ['direct', 'group'] } },
    },
    orderBy: { conversation: { lastMessageAt: 'desc' } },
    select: { conversationId: true },
  });
  return Promise.all(rows.map((r) => teamConversation(db, actor.accountId, r.conversationId, actor.userId)));
}

/** Tells each member (and only members, plus anyone just removed) that a team chat changed. */
async function emitTeamConversation(
  tx: DbTx,
  emit: Emit,
  actor: TeamActor,
  conversationId: string,
  alsoTell: string[] = [],
) {
  const memberIds = (await members(tx, conversationId)).map((m) => m.id);
  for (const userId of new Set([...memberIds, ...alsoTell])) {
    await emit({
      topic: CONSOLE_TOPIC,
      data: {
        type: 'team.conversation',
        conversation: await teamConversation(tx, actor.accountId, conversationId, userId),
      },
      audience: [userId],
    });
  }
}

export async function openDirect(deps: TeamDeps, actor: TeamActor, otherUserId: string) {
  if (otherUserId === actor.userId) throw new AppError('bad_request', 'team.self', 'Pick a teammate');
  const other = await deps.db.user.findFirst({ where: { id: otherUserId, accountId: actor.accountId } });
  if (!other) throw notFound('Agent');
  const key = directKey(actor.userId, other.id);
  const existing = await deps.db.conversation.findFirst({
    where: { accountId: actor.accountId, kind: 'direct', externalThreadId: key },
  });
  if (existing) return teamConversation(deps.db, actor.accountId, existing.id, actor.userId);
  const id = await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    const c = await tx.conversation.create({
      data: { accountId: actor.accountId, kind: 'direct', externalThreadId: key, origin: 'team' },
    });
    for (const userId of [actor.userId, other.id]) {
      await tx.participant.create({ data: { accountId: actor.accountId, conversationId: c.id, userId } });
    }
    await emitTeamConversation(tx, emit, actor, c.id);
    return c.id;
  });
  return teamConversation(deps.db, actor.accountId, id, actor.userId);
}

export async function createGroup(
  deps: TeamDeps,
  actor: TeamActor,
  input: { title: string; memberIds: string[] },
) {
  const ids = [...new Set([actor.userId, ...input.memberIds])];
  const found = await deps.db.user.count({ where: { accountId: actor.accountId, id: { in: ids } } });
  if (found !== ids.length) throw notFound('Agent');
  const id = await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    const c = await tx.conversation.create({
      data: { accountId: actor.accountId, kind: 'group', title: input.title, origin: 'team' },
    });
    for (const userId of ids)
      await tx.participant.create({ data: { accountId: actor.accountId, conversationId: c.id, userId } });
    await emitTeamConversation(tx, emit, actor, c.id);
    return c.id;
  });
  return teamConversation(deps.db, actor.accountId, id, actor.userId);
}

async function groupOf(db: Db, actor: TeamActor, conversationId: string) {
  const c = await requireMember(db, actor, conversationId);
  if (c.kind !== 'group')
    throw new AppError('bad_request', 'team.not_group', 'Only group chats have members to manage');
  return c;
}

export async function renameGroup(
  deps: TeamDeps,
  actor: TeamActor,
  input: { conversationId: string; title: string },
) {
  const c = await groupOf(deps.db, actor, input.conversationId);
  await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    await tx.conversation.update({ where: { id: c.id }, data: { title: input.title } });
    await emitTeamConversation(tx, emit, actor, c.id);
  });
}

export async function addGroupMembers(
  deps: TeamDeps,
  actor: TeamActor,
  input: { conversationId: string; userIds: string[] },
) {
  const c = await groupOf(deps.db, actor, input.conversationId);
  const users = await deps.db.user.findMany({
    where: { accountId: actor.accountId, id: { in: input.userIds } },
  });
  if (users.length !== new Set(input.userIds).size) throw notFound('Agent');
  await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    for (const u of users) {
      await tx.participant.upsert({
        where: { conversationId_userId: { conversationId: c.id, userId: u.id } },
        create: { accountId: actor.accountId, conversationId: c.id, userId: u.id },
        update: { leftAt: null },
      });
    }
    await emitTeamConversation(tx, emit, actor, c.id);
  });
}

/** Removing someone else, or leaving (userId = me). */
export async function removeGroupMember(
  deps: TeamDeps,
  actor: TeamActor,
  input: { conversationId: string; userId: string },
) {
  const c = await groupOf(deps.db, actor, input.conversationId);
  await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    const { count } = await tx.participant.updateMany({
      where: { conversationId: c.id, userId: input.userId, leftAt: null },
      data: { leftAt: new Date() },
    });
    if (count === 0) throw notFound('Member');
    await emitTeamConversation(tx, emit, actor, c.id, [input.userId]);
  });
}

export async function teamMessages(db: Db, actor: TeamActor, conversationId: string, before?: string) {
  const c = await requireMember(db, actor, conversationId);
  const { rows, hasMore } = await loadMessages(db, actor.accountId, c.id, { before, limit: HISTORY_PAGE });
  return { messages: rows.map(toChatMessage), hasMore };
}

export async function teamSend(
  deps: TeamDeps,
  actor: TeamActor,
  input: { conversationId: string; clientId: string; body: string },
) {
  const c = await requireMember(deps.db, actor, input.conversationId);
  const existing = await deps.db.message.findFirst({
    where: { conversationId: c.id, clientId: input.clientId },
  });
  if (existing) return toChatMessage(await getMessage(deps.db, actor.accountId, existing.id));
  try {
    return await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
      const row = await tx.message.create({
        data: {
          accountId: actor.accountId,
          conversationId: c.id,
          authorType: 'agent',
          authorUserId: actor.userId,
          body: input.body,
          clientId: input.clientId,
        },
      });
      await tx.conversation.update({ where: { id: c.id }, data: { lastMessageAt: row.createdAt } });
      await tx.participant.updateMany({
        where: { conversationId: c.id, userId: actor.userId },
        data: { lastReadAt: row.createdAt },
      });
      const message = toChatMessage(await getMessage(tx, actor.accountId, row.id));
      const audience = (await members(tx, c.id)).map((m) => m.id);
      await emit({ topic: CONSOLE_TOPIC, data: { type: 'team.message', message }, audience });
      await emitTeamConversation(tx, emit, actor, c.id);
      return message;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const stored = await deps.db.message.findFirstOrThrow({
        where: { conversationId: c.id, clientId: input.clientId },
      });
      return toChatMessage(await getMessage(deps.db, actor.accountId, stored.id));
    }
    throw err;
  }
}

export async function teamRead(deps: TeamDeps, actor: TeamActor, conversationId: string) {
  const c = await requireMember(deps.db, actor, conversationId);
  await deps.db.participant.updateMany({
    where: { conversationId: c.id, userId: actor.userId },
    data: { lastReadAt: new Date() },
  });
}
