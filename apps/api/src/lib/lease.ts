import { type Db, isUniqueViolation } from '@parley/db';

/**
 * Takes (or renews) a named lease for `ttlMs`. Exactly one holder gets it at a time across every API
 * process sharing the database; that is how scheduled work runs once.
 */
export async function tryAcquireLease(db: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlMs);
  const { count } = await db.lease.updateMany({
    where: { name, OR: [{ expiresAt: { lt: now } }, { holder }] },
    data: { holder, expiresAt },
  });
  if (count === 1) return true;
  try {
    await db.lease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
