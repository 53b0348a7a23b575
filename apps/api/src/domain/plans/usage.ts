import type { Db, DbTx } from '@parley/db';
import { localMidnight, localParts } from '../stats/time-zone';
import type { TPlanLimit } from './types';

/** The account's use of each limit: agents, channels, conversations this month, storage in MB. */
export type TUsage = Record<TPlanLimit, number>;

/** `YYYY-MM` of the month `ms` falls in, in the zone. */
export function monthKey(timeZone: string, ms: number): string {
  const p = localParts(timeZone, ms);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}`;
}

/** The instant the month containing `ms` began in the zone (local midnight of the 1st). */
export function monthStart(timeZone: string, ms: number): Date {
  return new Date(localMidnight(timeZone, `${monthKey(timeZone, ms)}-01`));
}

/** Agents that count against the plan: enabled users (the owner included). */
export const countAgents = (db: Db | DbTx, accountId: string) =>
  db.user.count({ where: { accountId, disabledAt: null } });

/** Invitations still open: each would become an agent. */
export const countPendingInvitations = (db: Db | DbTx, accountId: string) =>
  db.invitation.count({
    where: { accountId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
  });

export const countChannels = (db: Db | DbTx, accountId: string) => db.channel.count({ where: { accountId } });

/** Visitor conversations started since the 1st of this month (index Conversation(accountId, startedAt)). */
export const countMonthConversations = (
  db: Db | DbTx,
  accountId: string,
  timeZone: string,
  now = Date.now(),
) =>
  db.conversation.count({
    where: { accountId, kind: 'visitor', startedAt: { gte: monthStart(timeZone, now) } },
  });

/** Attachment bytes (one indexed sum; never a scan of messages). */
export async function storageBytes(db: Db | DbTx, accountId: string): Promise<number> {
  const row = await db.attachment.aggregate({ where: { accountId }, _sum: { size: true } });
  return Number(row._sum.size ?? 0);
}

export const bytesToMb = (bytes: number) => Math.ceil(bytes / (1024 * 1024));

/** Four counts, each on an index. */
export async function usageOf(db: Db, accountId: string, timeZone = 'UTC'): Promise<TUsage> {
  const [agents, channels, conversations, bytes] = await Promise.all([
    countAgents(db, accountId),
    countChannels(db, accountId),
    countMonthConversations(db, accountId, timeZone),
    storageBytes(db, accountId),
  ]);
  return { agents, channels, conversations, storage: bytesToMb(bytes) };
}
