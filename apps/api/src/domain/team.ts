import type { Db } from '@parley/db';
import type { EventBus } from '../bus/event-bus';
import { withLiveEvents } from '../live/events';
import { avatarUrl } from './users';

export const PRESENCE_TOPIC = 'presence';

export interface PresenceEvent {
  userId: string;
  presence: 'online' | 'away' | 'offline';
}

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

/** B8: the away switch. Away keeps current chats but takes no new visitors. */
export async function setPresence(
  deps: { db: Db; bus: EventBus },
  actor: { accountId: string; userId: string },
  presence: PresenceEvent['presence'],
): Promise<void> {
  await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    await tx.user.updateMany({
      where: { id: actor.userId, accountId: actor.accountId },
      data: { presence, lastSeenAt: new Date() },
    });
    await emit({ topic: PRESENCE_TOPIC, data: { userId: actor.userId, presence } satisfies PresenceEvent });
  });
}
