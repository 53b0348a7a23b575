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

export async function recordHit(db: Db, limit: Limit): Promise<void> {
  const now = new Date();
  const resetAt = new Date(now.getTime() + limit.windowMs);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await db.$transaction(async (tx) => {
        const row = await tx.rateLimitBucket.findUnique({ where: { key: limit.key } });
        if (!row) await tx.rateLimitBucket.create({ data: { key: limit.key, count: 1, resetAt } });
        else if (row.resetAt <= now)
          await tx.rateLimitBucket.update({ where: { key: limit.key }, data: { count: 1, resetAt } });
        else
          await tx.rateLimitBucket.update({ where: { key: limit.key }, data: { count: { increment: 1 } } });
      });
      return;
    } catch (err) {
      // Another process created the bucket first: the second pass increments it.
      if (!isUniqueViolation(err) || attempt > 0) throw err;
    }
  }
}

export async function clearLimit(db: Db, key: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}

export async function deleteExpiredBuckets(db: Db): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({ where: { resetAt: { lt: new Date() } } });
  return count;
}
