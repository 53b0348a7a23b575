import type { Db, DbTx } from '@parley/db';

/** Agents who serve a channel: those listed for it, or everyone when nobody is listed (E3). */
async function channelAgentFilter(db: Db | DbTx, channelId: string) {
  const listed = await db.channelAgent.findMany({ where: { channelId }, select: { userId: true } });
  return listed.length > 0 ? { id: { in: listed.map((l) => l.userId) } } : {};
}

/**
 * Who is notified of a new chat: online (not away), enabled agents serving its channel who are
 * below their maximum of concurrent chats (E3).
 */
export async function onlineAgentsOf(db: Db | DbTx, accountId: string, channelId: string): Promise<string[]> {
  const users = await db.user.findMany({
    where: { accountId, presence: 'online', disabledAt: null, ...(await channelAgentFilter(db, channelId)) },
    select: { id: true, maxConcurrentChats: true },
  });
  const limited = users.filter((u) => u.maxConcurrentChats !== null);
  const busy = new Set<string>();
  for (const u of limited) {
    const open = await db.conversation.count({
      where: { accountId, assigneeId: u.id, status: 'open', kind: 'visitor' },
    });
    if (open >= (u.maxConcurrentChats ?? Number.POSITIVE_INFINITY)) busy.add(u.id);
  }
  return users.filter((u) => !busy.has(u.id)).map((u) => u.id);
}

export async function servesChannel(db: Db | DbTx, channelId: string, userId: string): Promise<boolean> {
  const listed = await db.channelAgent.findMany({ where: { channelId }, select: { userId: true } });
  return listed.length === 0 || listed.some((l) => l.userId === userId);
}

/**
 * Who hears about a visitor conversation in the console: agents serving its channel plus whoever
 * is in it; undefined (everyone in the account) when the channel lists no agents.
 */
export async function conversationAudience(
  db: Db | DbTx,
  conversationId: string,
): Promise<string[] | undefined> {
  const c = await db.conversation.findUnique({ where: { id: conversationId }, select: { channelId: true } });
  return c ? audienceOf(db, { id: conversationId, channelId: c.channelId }) : undefined;
}

/** `conversationAudience` for a conversation row already in hand. */
export async function audienceOf(
  db: Db | DbTx,
  conversation: { id: string; channelId: string | null },
): Promise<string[] | undefined> {
  if (!conversation.channelId) return undefined;
  const listed = await db.channelAgent.findMany({
    where: { channelId: conversation.channelId },
    select: { userId: true },
  });
  if (listed.length === 0) return undefined;
  const participants = await db.participant.findMany({
    where: { conversationId: conversation.id, leftAt: null },
    select: { userId: true },
  });
  return [...new Set([...listed.map((l) => l.userId), ...participants.map((p) => p.userId)])];
}

/**
 * Who hears a conversation's messages and typing: once agents are in it, only they (a chat someone
 * took leaves everyone else's Inbox, and sending each message to every agent of the account cost the
 * server a socket write per agent per message under load); before that, whoever may take it. Agents
 * looking at a chat they are not in refresh it themselves (the console polls it).
 */
export async function messageAudience(
  db: Db | DbTx,
  conversation: { id: string; channelId: string | null },
): Promise<string[] | undefined> {
  const participants = await db.participant.findMany({
    where: { conversationId: conversation.id, leftAt: null },
    select: { userId: true },
  });
  if (participants.length > 0) return participants.map((p) => p.userId);
  return audienceOf(db, conversation);
}
