import type { Db, DbTx } from '@parley/db';

/** Agents who serve a channel: those listed for it, or everyone when nobody is listed (E3). */
async function channelAgentFilter(db: Db | DbTx, channelId: string) {
  const listed = await db.channelAgent.findMany({ where: { channelId }, select: { userId: true } });
  return listed.length > 0 ? { id: { in: listed.map((l) => l.userId) } } : {};
}

/** Who is notified of a new chat: online (not away), enabled agents serving its channel. */
export async function onlineAgentsOf(db: Db | DbTx, accountId: string, channelId: string): Promise<string[]> {
  const users = await db.user.findMany({
    where: { accountId, presence: 'online', disabledAt: null, ...(await channelAgentFilter(db, channelId)) },
    select: { id: true },
  });
  return users.map((u) => u.id);
}

export async function servesChannel(db: Db | DbTx, channelId: string, userId: string): Promise<boolean> {
  const listed = await db.channelAgent.findMany({ where: { channelId }, select: { userId: true } });
  return listed.length === 0 || listed.some((l) => l.userId === userId);
}
