import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database, Db } from '@parley/db';
import { generateToken, hashToken } from '../../auth/tokens';
import { isAccountSuspended } from '../sessions';

/** Who a widget connection speaks for, from its visitor token. */
export interface VisitorAuth {
  visitorId: string;
  accountId: string;
  channelId: string;
}

/**
 * A visitor token is `<channelId>.<random>`; only the SHA-256 of the whole token is stored, as the
 * visitor's identity on that channel. The channel part makes the lookup a single unique-key read.
 */
export function newVisitorToken(channelId: string): string {
  return `${channelId}.${generateToken()}`;
}

export const tokenIdentity = (token: string) => `vt:${hashToken(token)}`;
/** G4: the identity row of a site's verified user id, unique per channel like every identity. */
export const siteUserIdentity = (userId: string) => `user:${userId}`;

/**
 * The visitor a token names, if its channel is on and its account not suspended. With `database` (the server's WebSocket and HTTP
 * contexts) the read is the hot path's prepared statement rather than Prisma: a widget's socket
 * repeats it every 2 s, so nearly every visitor message pays it.
 */
export async function authenticateVisitor(
  db: Db,
  token: string | undefined,
  database?: Pick<Database, 'hotPath'>,
): Promise<VisitorAuth | null> {
  if (!token || token.length > 200) return null;
  const channelId = token.split('.')[0];
  if (!channelId) return null;
  if (database?.hotPath) {
    const row = await database.hotPath.visitorIdentity(channelId, tokenIdentity(token));
    return row?.channelEnabled ? { visitorId: row.visitorId, accountId: row.accountId, channelId } : null;
  }
  const identity = await db.visitorIdentity.findUnique({
    where: { channelId_externalId: { channelId, externalId: tokenIdentity(token) } },
    include: { channel: { select: { enabled: true } } },
  });
  if (!identity?.channel.enabled) return null;
  // A suspended account's widgets stop like a switched-off channel's. From the account rules the
  // session check keeps in memory, so this path costs no statement more than before (the hot path's
  // statement joins the account instead).
  if (await isAccountSuspended(db, identity.accountId)) return null;
  return { visitorId: identity.visitorId, accountId: identity.accountId, channelId };
}

/** G4: the site proves a user id with HMAC-SHA256(userId, channel secret), hex. */
export function verifyIdentity(secret: string, userId: string, hash: string): boolean {
  const expected = createHmac('sha256', secret).update(userId).digest();
  const given = Buffer.from(hash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
