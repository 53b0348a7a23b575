import type { Db } from '@parley/db';
import { AppError } from '../../errors';
import { rebuildAccount, statState } from './rollup';
import { isTimeZone } from './time-zone';

/** Up to this many conversations, a time zone change rebuilds the rollups before it answers. */
const REBUILD_NOW_MAX = 20_000;

/** The account's statistics settings. */
export async function getStatsSettings(db: Db, accountId: string) {
  const s = await statState(db, accountId);
  return { timeZone: s.timeZone, updatedThrough: s.lastRunAt?.toISOString() ?? null };
}

/** Changes the time zone that splits days and hours; the rollups move to the new hours at once. */
export async function setStatsTimeZone(db: Db, accountId: string, timeZone: string) {
  if (!isTimeZone(timeZone))
    throw new AppError('bad_request', 'stats.time_zone_invalid', 'Unknown time zone', {
      timeZone: 'stats.time_zone_invalid',
    });
  const before = await statState(db, accountId);
  if (before.timeZone !== timeZone) {
    // The buckets move: a small account is rebuilt at once, a large one by the next scheduled run.
    // A rebuild under way for the old zone is dropped (its chunks stop: their zone no longer
    // matches) and starts over from the first conversation.
    await db.statState.update({
      where: { accountId },
      data: { timeZone, rebuiltAt: null, rebuildCursor: null },
    });
    const chats = await db.conversation.count({ where: { kind: 'visitor' } });
    if (chats <= REBUILD_NOW_MAX) await rebuildAccount(db, accountId);
  }
  return getStatsSettings(db, accountId);
}
