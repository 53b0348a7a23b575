import type { Db } from '@parley/db';
import type { EventBus } from '../bus/event-bus';
import { AppError, forbidden, notFound } from '../errors';
import { publishEphemeral, withLiveEvents } from '../live/events';
import { audit } from './audit';
import { userControlTopic } from './live-chat/constants';
import { assertCanAddAgent } from './plans';
import { invalidateSessions } from './sessions';
import { announcePresence } from './team';
import { avatarUrl } from './users';

/** E3: an admin edits an agent: role, channels served, routing limit, disable/enable. */
export interface AdminActor {
  accountId: string;
  userId: string;
  role: 'owner' | 'admin' | 'agent';
  ip?: string | undefined;
}

export async function getAgentSettings(db: Db, accountId: string, userId: string) {
  const u = await db.user.findFirst({
    where: { id: userId, accountId },
    include: { channels: { select: { channelId: true } } },
  });
  if (!u) throw notFound('Agent');
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    avatarUrl: avatarUrl(u.avatarKey),
    presence: u.presence,
    disabled: u.disabledAt !== null,
    maxConcurrentChats: u.maxConcurrentChats,
    channelIds: u.channels.map((c) => c.channelId),
  };
}

export interface AgentUpdate {
  userId: string;
  role?: 'admin' | 'agent' | undefined;
  channelIds?: string[] | undefined;
  maxConcurrentChats?: number | null | undefined;
  disabled?: boolean | undefined;
}

export async function updateAgent(deps: { db: Db; bus: EventBus }, actor: AdminActor, input: AgentUpdate) {
  const { db } = deps;
  const target = await db.user.findFirst({ where: { id: input.userId, accountId: actor.accountId } });
  if (!target) throw notFound('Agent');
  // The owner is changed by nobody but themselves, and never disabled or demoted here.
  if (target.role === 'owner' && (input.role !== undefined || input.disabled !== undefined))
    throw forbidden();
  if (target.role === 'owner' && actor.role !== 'owner') throw forbidden();
  if (input.disabled && target.id === actor.userId) {
    throw new AppError('bad_request', 'agent.disable_self', 'You cannot disable yourself');
  }
  if (input.channelIds) {
    const found = await db.channel.count({
      where: { accountId: actor.accountId, id: { in: input.channelIds } },
    });
    if (found !== new Set(input.channelIds).size) throw notFound('Channel');
  }
  // J6: enabling a disabled agent again counts against the plan's agents.
  if (input.disabled === false && target.disabledAt !== null) await assertCanAddAgent(deps, actor.accountId);
  const disabling = input.disabled === true && target.disabledAt === null;
  await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    await tx.user.update({
      where: { id: target.id },
      data: {
        ...(input.role ? { role: input.role } : {}),
        ...(input.maxConcurrentChats !== undefined ? { maxConcurrentChats: input.maxConcurrentChats } : {}),
        ...(input.disabled !== undefined
          ? { disabledAt: input.disabled ? (target.disabledAt ?? new Date()) : null }
          : {}),
        ...(disabling ? { presence: 'offline' } : {}),
      },
    });
    if (input.channelIds) {
      await tx.channelAgent.deleteMany({ where: { userId: target.id, accountId: actor.accountId } });
      for (const channelId of new Set(input.channelIds)) {
        await tx.channelAgent.create({ data: { accountId: actor.accountId, channelId, userId: target.id } });
      }
    }
    if (disabling) {
      await tx.session.deleteMany({ where: { userId: target.id } });
      await announcePresence(tx, emit, actor.accountId, target.id, 'offline');
    }
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'agent.updated',
      targetType: 'user',
      targetId: target.id,
      data: { ...input, userId: undefined },
      ip: actor.ip,
    });
  });
  // A checked session carries the role; a disabled agent's sessions are gone. Every process forgets them.
  if (disabling || (input.role !== undefined && input.role !== target.role)) {
    await invalidateSessions(deps.bus, { userIds: [target.id] });
  }
  // Open sockets of a disabled agent end now: their subscriptions listen on this control topic.
  if (disabling) {
    await publishEphemeral(deps.bus, actor.accountId, {
      topic: userControlTopic(target.id),
      data: { type: 'auth.revoked' },
    });
  }
  return getAgentSettings(db, actor.accountId, target.id);
}

/** E3/I2: an agent's numbers over a period (default: last 30 days). */
export async function agentStats(
  db: Db,
  accountId: string,
  userId: string,
  range: { from?: string | undefined; to?: string | undefined },
) {
  const user = await db.user.findFirst({ where: { id: userId, accountId } });
  if (!user) throw notFound('Agent');
  const to = range.to ? new Date(range.to) : new Date();
  const from = range.from ? new Date(range.from) : new Date(to.getTime() - 30 * 86_400_000);
  const conversations = await db.conversation.findMany({
    where: {
      accountId,
      kind: 'visitor',
      participants: { some: { userId } },
      startedAt: { gte: from, lte: to },
    },
    select: {
      id: true,
      rating: true,
      assigneeId: true,
      messages: {
        where: { kind: 'text', authorType: { in: ['visitor', 'agent'] } },
        orderBy: { createdAt: 'asc' },
        select: { authorType: true, authorUserId: true, createdAt: true },
        take: 500,
      },
    },
    take: 5000,
  });
  const firstResponses: number[] = [];
  const responses: number[] = [];
  for (const c of conversations) {
    let waitingSince: Date | null = null;
    let first = true;
    for (const m of c.messages) {
      if (m.authorType === 'visitor') waitingSince ??= m.createdAt;
      else if (waitingSince) {
        if (m.authorUserId === userId) {
          const seconds = (m.createdAt.getTime() - waitingSince.getTime()) / 1000;
          responses.push(seconds);
          if (first) firstResponses.push(seconds);
        }
        first = false;
        waitingSince = null;
      }
    }
  }
  const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
  const ratings = conversations
    .filter((c) => c.assigneeId === userId && c.rating !== null)
    .map((c) => c.rating as number);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    chatsHandled: conversations.length,
    firstResponseSeconds: mean(firstResponses),
    averageResponseSeconds: mean(responses),
    rating: ratings.length
      ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 10) / 10
      : null,
    ratingCount: ratings.length,
  };
}
