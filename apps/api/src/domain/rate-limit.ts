import { type Db, isUniqueViolation } from '@parley/db';
import { AppError } from '../errors';

/**
 * Fixed-window counters kept in the database, so every API process sees the same counts.
 * Used for failures (e.g. wrong passwords), not for every request.
 */
export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

export async function assertNotLimited(db: Db, limits: Limit[]): Promise<void> {
  const rows = await db.rateLimitBucket.findMany({ where: { key: { in: limits.map((l) => l.key) } } });
  const now = Date.now();
  for (const row of rows) {
    const limit = limits.find((l) => l.key === row.key);
    if (limit && row.resetAt.getTime() > now && row.count >= limit.max) {
      const seconds = Math.ceil((row.resetAt.getTime() - now) / 1000);
      throw new AppError('rate_limited', 'auth.rate_limited', `Too many attempts; try again in ${seconds} s`);
    }
  }
}

/**
 * Counts one attempt and returns the window's count including it. Callers that must refuse over
 * the limit take the hit first and compare after: checking first and counting later let 300
 * parallel attempts all pass the check before any was counted.
 */
export async function recordHit(db: Db, limit: Limit): Promise<number> {
  const now = new Date();
  const resetAt = new Date(now.getTime() + limit.windowMs);
  for (let attempt = 0; ; attempt++) {
    try {
      // One statement (a native INSERT … ON CONFLICT DO UPDATE … RETURNING on SQLite and
      // PostgreSQL): no transaction to wait for, and the count includes every attempt before it.
      const row = await db.rateLimitBucket.upsert({
        where: { key: limit.key },
        create: { key: limit.key, count: 1, resetAt },
        update: { count: { increment: 1 } },
      });
      if (row.resetAt > now) return row.count;
      // The bucket's window had passed: start a new one (once, whoever gets here first).
      const restarted = await db.rateLimitBucket.updateMany({
        where: { key: limit.key, resetAt: { lte: now } },
        data: { count: 1, resetAt },
      });
      if (restarted.count === 1) return 1;
    } catch (err) {
      // Another process created the bucket first: the next pass increments it.
      if (!isUniqueViolation(err) || attempt > 0) throw err;
    }
  }
}

/** Takes back one counted attempt (a login that turned out right should not use up the address's budget). */
export async function forgetHit(db: Db, key: string): Promise<void> {
  await db.rateLimitBucket.updateMany({
    where: { key, count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}

export async function clearLimit(db: Db, key: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}

export async function deleteExpiredBuckets(db: Db): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({ where: { resetAt: { lt: new Date() } } });
  return count;
}
