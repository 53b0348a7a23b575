import { type Db, type DbTx, scopeToAccount } from '@parley/db';
import type { EventBus } from '../bus/event-bus';
import type { PresenceEvent } from '../contract/events';
import { type Emit, withLiveEvents } from '../live/events';
import { AGENT_OFFLINE_AFTER_MS, CONSOLE_TOPIC, channelTopic } from './live-chat/constants';
import { onlineAgentsOf } from './live-chat/routing';
import { requestWaitingChats } from './live-chat/waiting-requests';
import { avatarUrl } from './users';

export const PRESENCE_TOPIC = 'presence';
export type { PresenceEvent };

export async function listTeam(db: Db, accountId: string) {
  const users = await db.user.findMany({
    where: { accountId },
    orderBy: [{ name: 'asc' }, { createdAt: 'asc' }],
  });
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    avatarUrl: avatarUrl(u.avatarKey),
    presence: u.presence,
    disabled: u.disabledAt !== null,
  }));
}

/**
 * Tells the widgets of every website channel whether someone can answer now (G3), where `userId`'s
 * change may have changed that: while another agent can answer, it cannot. Each event goes to every
 * open widget of the channel, so 20 agents going away one by one were 20 × 2,000 writes of the same
 * answer (a 1.5 s stall at 300 msg/s, bench/RESULTS.md).
 */
async function emitAgentsOnline(tx: DbTx, emit: Emit, accountId: string, userId: string) {
  const channels = await tx.channel.findMany({ where: { accountId, kind: 'website' }, select: { id: true } });
  for (const channel of channels) {
    const online = await onlineAgentsOf(tx, accountId, channel.id);
    if (online.some((id) => id !== userId)) continue;
    await emit({
      topic: channelTopic(channel.id),
      data: { type: 'agents.online', online: online.length > 0 },
    });
  }
}

async function changePresence(
  tx: DbTx,
  emit: Emit,
  accountId: string,
  userId: string,
  presence: PresenceEvent['presence'],
) {
  const before = await tx.user.findFirst({ where: { id: userId, accountId }, select: { presence: true } });
  await tx.user.updateMany({ where: { id: userId, accountId }, data: { presence, lastSeenAt: new Date() } });
  await announcePresence(tx, emit, accountId, userId, presence);
  // Chats that arrived while I was offline or away wait in the Inbox: ask me about them now.
  if (presence === 'online' && before && before.presence !== 'online') {
    await requestWaitingChats(tx, emit, accountId, userId);
  }
}

/**
 * After an agent's presence changed in `tx`: the team list, the consoles, and the widgets (whether
 * anyone can answer now) hear of it. The one place every presence change goes through.
 */
export async function announcePresence(
  tx: DbTx,
  emit: Emit,
  accountId: string,
  userId: string,
  presence: PresenceEvent['presence'],
) {
  const event: PresenceEvent = { userId, presence };
  await emit({ topic: PRESENCE_TOPIC, data: event });
  await emit({ topic: CONSOLE_TOPIC, data: { type: 'presence', ...event } });
  await emitAgentsOnline(tx, emit, accountId, userId);
}

/** B8: the away switch. Away keeps current chats but takes no new visitors. */
export async function setPresence(
  deps: { db: Db; bus: EventBus },
  actor: { accountId: string; userId: string },
  presence: PresenceEvent['presence'],
): Promise<void> {
  await withLiveEvents(deps, actor.accountId, (tx, emit) =>
    changePresence(tx, emit, actor.accountId, actor.userId, presence),
  );
}

/** An open console beats every 20 s; the first beat after being offline brings the agent online. */
export async function heartbeat(
  deps: { db: Db; bus: EventBus },
  actor: { accountId: string; userId: string },
) {
  const user = await deps.db.user.findFirst({ where: { id: actor.userId, accountId: actor.accountId } });
  if (!user) return;
  if (user.presence === 'offline') await setPresence(deps, actor, 'online');
  else await deps.db.user.update({ where: { id: user.id }, data: { lastSeenAt: new Date() } });
}

/** Sweeper (once across processes): consoles that stopped beating go offline after a grace period. */
export async function sweepSilentAgents(deps: { systemDb: Db; bus: EventBus }): Promise<number> {
  const cutoff = new Date(Date.now() - AGENT_OFFLINE_AFTER_MS);
  // A system job: silent agents of every account in one read, then each set offline in its account's scope.
  const silent = await deps.systemDb.user.findMany({
    where: { presence: { not: 'offline' }, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: cutoff } }] },
    select: { id: true, accountId: true },
    take: 500,
  });
  for (const user of silent) {
    const scoped = { db: scopeToAccount(deps.systemDb, user.accountId), bus: deps.bus };
    await withLiveEvents(scoped, user.accountId, async (tx, emit) => {
      const { count } = await tx.user.updateMany({
        where: {
          id: user.id,
          presence: { not: 'offline' },
          OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: cutoff } }],
        },
        data: { presence: 'offline' },
      });
      if (count === 1) {
        await announcePresence(tx, emit, user.accountId, user.id, 'offline');
      }
    });
  }
  return silent.length;
}
