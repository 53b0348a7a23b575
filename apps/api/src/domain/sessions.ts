import type { Db, DbTx } from '@parley/db';
import { generateToken, hashToken } from '../auth/tokens';
import { listenForInvalidations, publishInvalidation } from '../bus/cache-invalidation';
import type { EventBus } from '../bus/event-bus';
import { AppError, notFound } from '../errors';
import { parseUserAgent } from '../lib/user-agent';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY;
/** Sliding expiry: a session used in its second half is pushed out to a full 30 days again. */
const SESSION_RENEW_WITHIN_MS = 15 * DAY;

/** The answer to anything of a suspended account (sessions, widgets, API tokens): one code, one message. */
export const accountSuspended = () =>
  new AppError('forbidden', 'account.suspended', 'This account is suspended by the server’s operator');

export interface ClientInfo {
  ip: string | undefined;
  userAgent: string | undefined;
}

export interface SessionUser {
  id: string;
  accountId: string;
  role: 'owner' | 'admin' | 'agent';
  email: string;
  /**
   * The account requires two-factor sign-in and this user has not turned it on: the server answers
   * only sign-in and security calls until they do (`requireRole`).
   */
  twoFactorMissing: boolean;
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
  /** The users this sign-in proved (sign-in/linked-users.ts); null: none but this one. */
  linkedUsers?: string | null,
): Promise<{ token: string; expiresAt: Date }> {
  // Every way in (password, passkey, invitation, setup) ends here: a suspended account gets no session.
  const account = await db.account.findUnique({
    where: { id: user.accountId },
    select: { suspendedAt: true },
  });
  if (account?.suspendedAt) throw accountSuspended();
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
      linkedUsers: linkedUsers ?? null,
    },
  });
  return { token, expiresAt };
}

export async function validateSessionToken(db: Db, token: string): Promise<ValidSession | null> {
  const sessionId = hashToken(token);
  const row = await db.session.findUnique({
    where: { id: sessionId },
    include: {
      user: {
        select: {
          id: true,
          accountId: true,
          role: true,
          email: true,
          disabledAt: true,
          totpEnabledAt: true,
        },
      },
    },
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
  const { disabledAt: _disabled, totpEnabledAt, ...rest } = row.user;
  const rules = await accountRules(db, rest.accountId);
  // A suspended account's sessions are refused (kept, so they work again once it is unsuspended).
  if (rules.suspended) return null;
  const twoFactorMissing = !totpEnabledAt && rules.required;
  const user: SessionUser = { ...rest, twoFactorMissing };
  return { sessionId, expiresAt, renewed, user };
}

/**
 * Whether an account requires two-factor sign-in and whether it is suspended, from memory: the
 * session check reads them, and a join or a second query on each check would cost the message path a
 * statement (the hot-path budgets). Dropped with the account's sessions (`invalidateSessions` with
 * `accountIds`, as a suspension does, or everything when the bus missed messages) and bounded by the
 * session cache's TTL.
 */
const twoFactorRequirement = new Map<string, { required: boolean; suspended: boolean; readAt: number }>();

async function accountRules(db: Db, accountId: string): Promise<{ required: boolean; suspended: boolean }> {
  const known = twoFactorRequirement.get(accountId);
  if (known && Date.now() - known.readAt < SESSION_CACHE_TTL_MS) return known;
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: { requireTwoFactor: true, suspendedAt: true },
  });
  const rules = {
    required: account?.requireTwoFactor ?? false,
    // A deleted account counts as suspended: its sessions went with it anyway.
    suspended: !account || account.suspendedAt !== null,
    readAt: Date.now(),
  };
  twoFactorRequirement.set(accountId, rules);
  return rules;
}

/**
 * Why this browser's session is refused, when the reason is a suspension (#19): the console shows a
 * page with the operator's reason instead of the login form. Only a live session of a user still
 * enabled hears it, and only about its own account; anything else answers null, as if signed out.
 */
export async function findSuspension(db: Db, token: string | undefined) {
  if (!token) return null;
  const row = await db.session.findUnique({
    where: { id: hashToken(token) },
    select: {
      expiresAt: true,
      user: { select: { disabledAt: true } },
      account: { select: { name: true, suspendedAt: true, suspendedReason: true } },
    },
  });
  if (!row || row.expiresAt.getTime() <= Date.now() || row.user.disabledAt || !row.account.suspendedAt)
    return null;
  return {
    accountName: row.account.name,
    reason: row.account.suspendedReason,
    since: row.account.suspendedAt.toISOString(),
  };
}

/** Whether an account is suspended (or gone), from the same memory as the session check's rules. */
export async function isAccountSuspended(db: Db, accountId: string): Promise<boolean> {
  return (await accountRules(db, accountId)).suspended;
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

export async function revokeSession(deps: SessionDeps, accountId: string, userId: string, sessionId: string) {
  const { count } = await deps.db.session.deleteMany({ where: { id: sessionId, accountId, userId } });
  if (count === 0) throw notFound('Session');
  await invalidateSessions(deps.bus, { sessionIds: [sessionId] });
}

/** Ends every session of a user but `keepSessionId` (after the password changed: see `deleteOtherSessions`). */
export async function revokeOtherSessions(
  deps: SessionDeps,
  accountId: string,
  userId: string,
  keepSessionId: string | null,
) {
  const result = await deleteOtherSessions(deps.db, accountId, userId, keepSessionId);
  await invalidateSessions(deps.bus, { userIds: [userId] });
  return result;
}

/**
 * `revokeOtherSessions` inside the caller's transaction: the caller invalidates the user's cached
 * sessions (`invalidateSessions`) after the commit, never before (a check in between would cache the
 * rows again).
 */
export async function deleteOtherSessions(
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

export async function deleteSession(deps: SessionDeps, sessionId: string) {
  await deps.db.session.deleteMany({ where: { id: sessionId } });
  await invalidateSessions(deps.bus, { sessionIds: [sessionId] });
}

export interface SessionDeps {
  db: Db;
  bus: EventBus;
}

/**
 * The session check of every WebSocket call and HTTP request, from memory. An agent's console makes
 * every call over one WebSocket, and each call checked the session in the database (two statements,
 * two Prisma queries: the largest share of an agent's reply once the reply itself ran on hand-written
 * SQL). A checked session is kept for `SESSION_CACHE_TTL_MS`; whatever ends a session or changes what
 * it carries (logout, revoke, password change, an agent disabled or given another role, a new email)
 * calls `invalidateSessions`, which drops it here at once and tells every other API process through
 * the bus. Should that message be lost (Redis away), a process that missed events drops its whole
 * cache when the bus is back, and the TTL bounds what remains: a revoked session is refused within
 * it at the latest. Sessions in their second half (due for the sliding renewal) are checked in the
 * database, so the renewal and `lastUsedAt` keep working as before.
 */
export const SESSION_CACHE_TTL_MS = 30_000;
/** Entries beyond this push out the oldest (a few hundred bytes each). */
export const SESSION_CACHE_MAX = 10_000;
export const SESSION_INVALIDATION_TOPIC = 'sessions.invalidated';

export interface SessionInvalidation {
  sessionIds?: string[];
  userIds?: string[];
  /** Every session of these accounts (an account-wide setting the check carries changed). */
  accountIds?: string[];
}

export interface SessionCache {
  /** `validateSessionToken`, from memory while the cached check is fresh. */
  validate(token: string): Promise<ValidSession | null>;
  /** Drops matching entries of this process only (`invalidateSessions` tells every process). */
  invalidate(what: SessionInvalidation | 'all'): void;
  readonly size: number;
}

interface CachedSession {
  session: ValidSession;
  cachedAt: number;
}

const caches = new WeakMap<EventBus, SessionCache>();

/** The process's session cache: one per bus (one per process; tests build several). */
export function sessionCacheFor(deps: SessionDeps): SessionCache {
  let cache = caches.get(deps.bus);
  if (!cache) {
    cache = createSessionCache(deps);
    caches.set(deps.bus, cache);
  }
  return cache;
}

/** Drops sessions from every process's cache: this one at once, the others through the bus. */
export async function invalidateSessions(bus: EventBus, what: SessionInvalidation): Promise<void> {
  for (const accountId of what.accountIds ?? []) twoFactorRequirement.delete(accountId);
  caches.get(bus)?.invalidate(what);
  await publishInvalidation(bus, SESSION_INVALIDATION_TOPIC, what);
}

function createSessionCache({ db, bus }: SessionDeps): SessionCache {
  /** By token (not its digest: a hit costs no hashing). */
  const entries = new Map<string, CachedSession>();
  const inFlight = new Map<string, Promise<ValidSession | null>>();
  /** Bumped by every invalidation: a check that started before one must not be cached after it. */
  let generation = 0;
  const invalidations = listenForInvalidations<SessionInvalidation>(bus, SESSION_INVALIDATION_TOPIC, (what) =>
    cache.invalidate(what),
  );

  const fromDatabase = (token: string): Promise<ValidSession | null> => {
    const pending = inFlight.get(token);
    if (pending) return pending;
    const startedAt = generation;
    const check = validateSessionToken(db, token).then(
      (session) => {
        if (inFlight.get(token) === check) inFlight.delete(token);
        if (session && invalidations.listening && startedAt === generation) {
          if (entries.size >= SESSION_CACHE_MAX) entries.delete(entries.keys().next().value as string);
          entries.set(token, {
            session: session.renewed ? { ...session, renewed: false } : session,
            cachedAt: Date.now(),
          });
        }
        return session;
      },
      (err) => {
        if (inFlight.get(token) === check) inFlight.delete(token);
        throw err;
      },
    );
    inFlight.set(token, check);
    return check;
  };

  const cache: SessionCache = {
    validate(token) {
      const entry = entries.get(token);
      if (entry) {
        const now = Date.now();
        if (
          now - entry.cachedAt < SESSION_CACHE_TTL_MS &&
          entry.session.expiresAt.getTime() - now >= SESSION_RENEW_WITHIN_MS
        ) {
          return Promise.resolve(entry.session);
        }
        entries.delete(token);
      }
      return fromDatabase(token);
    },
    invalidate(what) {
      generation++;
      inFlight.clear();
      if (what === 'all') {
        entries.clear();
        twoFactorRequirement.clear();
        return;
      }
      for (const accountId of what.accountIds ?? []) twoFactorRequirement.delete(accountId);
      const sessionIds = new Set(what.sessionIds ?? []);
      const userIds = new Set(what.userIds ?? []);
      const accountIds = new Set(what.accountIds ?? []);
      for (const [token, { session }] of entries) {
        if (
          sessionIds.has(session.sessionId) ||
          userIds.has(session.user.id) ||
          accountIds.has(session.user.accountId)
        )
          entries.delete(token);
      }
    },
    get size() {
      return entries.size;
    },
  };
  return cache;
}
