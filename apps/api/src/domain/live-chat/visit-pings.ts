import type { Db } from '@parley/db';
import type { Deps } from '../../deps';
import { VISITOR_ONLINE_MS } from './constants';

/**
 * Every open page pings every 15 s: 2,000 visitors made 133 write transactions a second before anyone
 * chatted (bench/RESULTS.md). A ping to a visit this process knows to be live only marks it here, and
 * the marks are written in one statement every few seconds. A ping the process can't vouch for (first
 * one, or not seen for a while) goes to the database, which also revives a visit the sweeper ended.
 *
 * The numbers keep the sweeper right across processes: a mark reaches the database within FLUSH_MS,
 * and a visit is trusted only for TRUST_MS, both well under the VISITOR_ONLINE_MS after which the
 * sweeper ends a visit; a page back after such a gap always takes the database path.
 */
export const FLUSH_MS = 5_000;
const TRUST_MS = 30_000;
const CHUNK = 500;

interface VisitPings {
  /** visitor:channel → the live visit and when the database last confirmed it. */
  known: Map<string, { visitId: string; confirmedAt: number }>;
  /** Visits pinged since the last flush. */
  marked: Set<string>;
  timer: NodeJS.Timeout;
}

/**
 * One buffer per process (per raw client): the flush updates visits of every account in one
 * statement, and the sweeper's `forgetVisit` must reach the entry a request's ping left. So this module
 * is a system job and works on `systemDb`, whichever account's request marks a ping.
 */
type PingDeps = Pick<Deps, 'systemDb'>;
const buffers = new WeakMap<Db, VisitPings>();

function buffer(db: Db): VisitPings {
  let pings = buffers.get(db);
  if (!pings) {
    const timer = setInterval(() => void flushVisitPings({ systemDb: db }).catch(() => {}), FLUSH_MS);
    timer.unref();
    pings = { known: new Map(), marked: new Set(), timer };
    buffers.set(db, pings);
  }
  return pings;
}

const keyOf = (visitorId: string, channelId: string) => `${visitorId}:${channelId}`;

/** Marks the visitor's visit live in memory; false when the caller must go to the database. */
export function markPing(deps: PingDeps, visitorId: string, channelId: string, now = Date.now()): boolean {
  const pings = buffer(deps.systemDb);
  const known = pings.known.get(keyOf(visitorId, channelId));
  if (!known || now - known.confirmedAt > TRUST_MS) return false;
  pings.marked.add(known.visitId);
  return true;
}

/** The database has just confirmed (or revived) this visit. */
export function rememberVisit(
  deps: PingDeps,
  visitorId: string,
  channelId: string,
  visitId: string,
  now = Date.now(),
) {
  buffer(deps.systemDb).known.set(keyOf(visitorId, channelId), { visitId, confirmedAt: now });
}

/** The visit ended (sweeper, page left): the next ping checks the database again. */
export function forgetVisit(deps: PingDeps, visitorId: string, channelId: string) {
  const pings = buffers.get(deps.systemDb);
  const key = keyOf(visitorId, channelId);
  const known = pings?.known.get(key);
  if (!pings || !known) return;
  pings.known.delete(key);
  // A mark from before the page left must not make it look online again.
  pings.marked.delete(known.visitId);
}

/** Writes the marks: one UPDATE per 500 visits, never reviving a visit the sweeper ended meanwhile. */
export async function flushVisitPings(deps: PingDeps, now = Date.now()): Promise<number> {
  const db = deps.systemDb;
  const pings = buffers.get(db);
  if (!pings || pings.marked.size === 0) return 0;
  const ids = [...pings.marked];
  pings.marked.clear();
  let written = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const { count } = await db.visit.updateMany({
      where: { id: { in: chunk }, endedAt: null },
      data: { lastActiveAt: new Date(now) },
    });
    written += count;
    // All still live (the usual case): the database has confirmed them again. Otherwise some ended
    // meanwhile; which ones is unknown, so each takes the database path when its trust runs out.
    if (count === chunk.length) {
      const confirmed = new Set(chunk);
      for (const known of pings.known.values()) if (confirmed.has(known.visitId)) known.confirmedAt = now;
    }
  }
  // Forget entries the flush can no longer keep fresh, so the map stays as small as the live pages.
  for (const [key, known] of pings.known) {
    if (now - known.confirmedAt > VISITOR_ONLINE_MS) pings.known.delete(key);
  }
  return written;
}

/** On shutdown: write what is pending and stop the timer. */
export async function closeVisitPings(deps: PingDeps): Promise<void> {
  const pings = buffers.get(deps.systemDb);
  if (!pings) return;
  clearInterval(pings.timer);
  await flushVisitPings(deps);
  buffers.delete(deps.systemDb);
}
