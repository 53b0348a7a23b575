import type { Database, Db } from '@parley/db';
import { listenForInvalidations, publishInvalidation } from '../../bus/cache-invalidation';
import type { EventBus } from '../../bus/event-bus';
import { authenticateVisitor, type VisitorAuth } from './visitor-auth';

/**
 * The visitor-token check of every widget call, from memory (#16). A widget's socket checks its token
 * again when its last check is older than VISITOR_RECHECK_MS, so every ping (one per open page every
 * 15 s) and nearly every visitor message paid one indexed read and a SHA-256: with 2,000 visitors that
 * was most of the 7 % of a core pings cost. A token the database accepted is kept here, by the token
 * itself (a hit costs no hashing), for `VISITOR_AUTH_TTL_MS`.
 *
 * Whatever makes a token name someone else or no one calls `invalidateVisitorAuth`, which drops the
 * entries here at once and tells every other API process through the bus: a channel switched off or
 * deleted, an account suspended or deleted, a visitor erased (GDPR) or merged into another, a token
 * linked to another visitor by a verified user id. Bans are not among them: they are checked by each
 * action (`assertNotBanned`), not by the token. Should the bus lose a message (Redis away), a process
 * that missed events drops everything when the bus is back, and the TTL bounds what remains. Refusals
 * are not kept: unknown tokens cost a read each, as before, and cannot push out the live ones.
 */
export const VISITOR_AUTH_TTL_MS = 5 * 60_000;
/** Entries beyond this push out the least recently used (about 300 bytes each). */
export const VISITOR_AUTH_MAX = 20_000;
export const VISITOR_AUTH_INVALIDATION_TOPIC = 'visitors.invalidated';

export interface VisitorAuthInvalidation {
  visitorIds?: string[];
  channelIds?: string[];
  accountIds?: string[];
}

export interface VisitorAuthDeps {
  db: Db;
  bus: EventBus;
  /** The hot path's prepared statement does the read when there is one (the server's). */
  database?: Pick<Database, 'hotPath'>;
}

export interface VisitorAuthCache {
  /** `authenticateVisitor`, from memory while the cached answer is fresh. */
  check(token: string | undefined): Promise<VisitorAuth | null>;
  /** Drops matching entries of this process only (`invalidateVisitorAuth` tells every process). */
  invalidate(what: VisitorAuthInvalidation | 'all'): void;
  readonly size: number;
}

const caches = new WeakMap<EventBus, VisitorAuthCache>();

/** The process's visitor-token cache: one per bus (one per process; tests build several). */
export function visitorAuthCacheFor(deps: VisitorAuthDeps): VisitorAuthCache {
  let cache = caches.get(deps.bus);
  if (!cache) {
    cache = createVisitorAuthCache(deps);
    caches.set(deps.bus, cache);
  }
  return cache;
}

/**
 * Drops visitor checks from every process's cache: this one at once, the others through the bus.
 * Call it after the change committed (a check in between would cache the old rows again).
 */
export async function invalidateVisitorAuth(bus: EventBus, what: VisitorAuthInvalidation): Promise<void> {
  caches.get(bus)?.invalidate(what);
  await publishInvalidation(bus, VISITOR_AUTH_INVALIDATION_TOPIC, what);
}

function createVisitorAuthCache({ db, bus, database }: VisitorAuthDeps): VisitorAuthCache {
  const entries = new Map<string, { auth: VisitorAuth; cachedAt: number }>();
  /** Bumped by every invalidation: a check that started before one must not be cached after it. */
  let generation = 0;
  const invalidations = listenForInvalidations<VisitorAuthInvalidation>(
    bus,
    VISITOR_AUTH_INVALIDATION_TOPIC,
    (what) => cache.invalidate(what),
  );

  const cache: VisitorAuthCache = {
    async check(token) {
      if (!token) return null;
      const entry = entries.get(token);
      if (entry) {
        entries.delete(token);
        if (Date.now() - entry.cachedAt < VISITOR_AUTH_TTL_MS) {
          // Re-inserted last: the Map's order is the recency order the eviction below relies on.
          entries.set(token, entry);
          return entry.auth;
        }
      }
      const startedAt = generation;
      const auth = await authenticateVisitor(db, token, database);
      if (auth && invalidations.listening && startedAt === generation) {
        if (entries.size >= VISITOR_AUTH_MAX) entries.delete(entries.keys().next().value as string);
        entries.set(token, { auth, cachedAt: Date.now() });
      }
      return auth;
    },
    invalidate(what) {
      generation++;
      if (what === 'all') {
        entries.clear();
        return;
      }
      const visitorIds = new Set(what.visitorIds ?? []);
      const channelIds = new Set(what.channelIds ?? []);
      const accountIds = new Set(what.accountIds ?? []);
      for (const [token, { auth }] of entries) {
        if (
          visitorIds.has(auth.visitorId) ||
          channelIds.has(auth.channelId) ||
          accountIds.has(auth.accountId)
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
