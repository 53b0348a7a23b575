import type { Db, DbTx } from '@parley/db';
import { generateToken, hashToken } from '../auth/tokens';
import { notFound } from '../errors';
import { parseUserAgent } from '../lib/user-agent';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY;
/** Sliding expiry: a session used in its second half is pushed out to a full 30 days again. */
const SESSION_RENEW_WITHIN_MS = 15 * DAY;

export interface ClientInfo {
  ip: string | undefined;
  userAgent: string | undefined;
}

export interface SessionUser {
  id: string;
  accountId: string;
  role: 'owner' | 'admin' | 'agent';
  email: string;
}

export interface ValidSession {
  sessionId: string;
  expiresAt: Date;
  /** True when this request extended the session: the cookie must be re-sent. */
  renewed: boolean;
  user: SessionUser;
}

export async function createSession(
  db: Db | DbTx,
  user: { id: string; accountId: string },
  client: ClientInfo,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.session.create({
    data: {
      id: hashToken(token),
      userId: user.id,
      accountId: user.accountId,
      expiresAt,
      ip: client.ip?.slice(0, 64),
      userAgent: client.userAgent?.slice(0, 512),
    },
  });
  return { token, expiresAt };
}

export async function validateSessionToken(db: Db, token: string): Promise<ValidSession | null> {
  const sessionId = hashToken(token);
  const row = await db.session.findUnique({
    where: { id: sessionId },
    include: { user: { select: { id: true, accountId: true, role: true, email: true, disabledAt: true } } },
  });
  if (!row) return null;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || row.user.disabledAt) {
    await db.session.deleteMany({ where: { id: sessionId } });
    return null;
  }
  let expiresAt = row.expiresAt;
  const renewed = expiresAt.getTime() - now < SESSION_RENEW_WITHIN_MS;
  if (renewed) expiresAt = new Date(now + SESSION_TTL_MS);
  // lastUsedAt is shown in "my sessions"; writing it at most once a minute keeps reads cheap.
  if (renewed || now - row.lastUsedAt.getTime() > 60_000) {
    await db.session.updateMany({ where: { id: sessionId }, data: { expiresAt, lastUsedAt: new Date(now) } });
  }
  const { disabledAt: _disabled, ...user } = row.user;
  return { sessionId, expiresAt, renewed, user };
}

export async function listSessions(db: Db, accountId: string, userId: string, currentSessionId: string) {
  const rows = await db.session.findMany({
    where: { accountId, userId, expiresAt: { gt: new Date() } },
    orderBy: { lastUsedAt: 'desc' },
  });
  return rows.map((s) => {
    // Read by the same parser as visitors' browsers (B7), so the console needs no second one.
    const agent = parseUserAgent(s.userAgent);
    return {
      // The id is the token's digest: showing it to its owner reveals nothing usable.
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      userAgent: s.userAgent,
      browser: agent?.browser ?? null,
      os: agent?.os ?? null,
      ip: s.ip,
      current: s.id === currentSessionId,
    };
  });
}

export async function revokeSession(db: Db, accountId: string, userId: string, sessionId: string) {
  const { count } = await db.session.deleteMany({ where: { id: sessionId, accountId, userId } });
  if (count === 0) throw notFound('Session');
}

export async function revokeOtherSessions(
  db: Db | DbTx,
  accountId: string,
  userId: string,
  keepSessionId: string | null,
) {
  const { count } = await db.session.deleteMany({
    where: { accountId, userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
  });
  return { revoked: count };
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } });
}
