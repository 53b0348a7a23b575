// Whether a visitor or an address is banned: read by the widget (to refuse) and the chat view (to
// show it). Bans are created and lifted in chat-tools/bans.ts; the reads live here so that live-chat
// does not depend on chat-tools.
import { isIP } from 'node:net';
import type { Db, DbTx } from '@parley/db';
import proxyaddr from 'proxy-addr';

/** C4: active bans of an account match a visitor, or an IP address (exact or CIDR). */
export async function findActiveBan(
  db: Db | DbTx,
  accountId: string,
  visitorId: string | null,
  ip: string | undefined,
) {
  const now = new Date();
  const bans = await db.ban.findMany({
    where: {
      accountId,
      liftedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      AND: [{ OR: [...(visitorId ? [{ visitorId }] : []), { ip: { not: null } }] }],
    },
  });
  return matchBan(bans, visitorId, ip);
}

/** The first of `bans` (active ones) that names this visitor or covers this address, or null. */
export function matchBan<B extends { visitorId: string | null; ip: string | null }>(
  bans: B[],
  visitorId: string | null,
  ip: string | undefined,
): B | null {
  if (bans.length === 0) return null;
  const address = ip?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  return (
    bans.find((b) => {
      if (visitorId && b.visitorId === visitorId) return true;
      if (!b.ip || !address || !isIP(address)) return false;
      try {
        // proxy-addr's matcher understands single addresses and CIDR ranges, IPv4 and IPv6.
        return proxyaddr.compile([b.ip])(address, 0);
      } catch {
        return false;
      }
    }) ?? null
  );
}

export interface VisitorBan {
  id: string;
  reason: string;
  ip: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
}

/** The ban that refuses this visitor now (theirs or their address's), as the chat view shows it (C4). */
export async function visitorBan(
  db: Db | DbTx,
  accountId: string,
  visitorId: string,
  ip: string | null,
): Promise<VisitorBan | null> {
  const ban = await findActiveBan(db, accountId, visitorId, ip ?? undefined);
  if (!ban) return null;
  const by = ban.createdById
    ? await db.user.findFirst({ where: { id: ban.createdById, accountId }, select: { name: true } })
    : null;
  return {
    id: ban.id,
    reason: ban.reason,
    ip: ban.ip,
    createdBy: by?.name ?? null,
    createdAt: ban.createdAt.toISOString(),
    expiresAt: ban.expiresAt?.toISOString() ?? null,
  };
}
