import { type Db, isUniqueViolation, scopeToAccount } from '@parley/db';
import { RESERVE_REASON, settleHold } from './balance';

const FINAL = new Set(['ended', 'missed', 'declined', 'failed']);

/**
 * A system job (scheduled under a lease, once across processes; it also runs shortly after start):
 * holds still open whose call has ended are settled on the call's recorded duration, and holds whose
 * call row is gone are released in full (no duration is known). Calls still ringing or active keep
 * their hold; their `finish` settles them (also when H1's sweep ends a call after a restart).
 */
export async function settleOpenReservations(deps: { systemDb: Db }): Promise<number> {
  const open = await deps.systemDb.creditEntry.findMany({
    where: { reason: RESERVE_REASON, settledAt: null },
    select: { id: true, accountId: true, amount: true, rate: true, ref: true, callId: true },
    orderBy: { createdAt: 'asc' },
    take: 200,
  });
  let settled = 0;
  for (const hold of open) {
    const callId = hold.ref?.match(/^call:(.+):reserve$/)?.[1];
    if (!callId) continue;
    const db = scopeToAccount(deps.systemDb, hold.accountId);
    const call = await db.call.findFirst({
      where: { id: callId },
      select: { status: true, durationSec: true },
    });
    if (call && !FINAL.has(call.status)) continue;
    try {
      const done = await db.$transaction((tx) =>
        settleHold(tx, hold.accountId, hold, callId, call?.durationSec ?? null, !!call),
      );
      if (done) settled++;
    } catch (err) {
      // Settled meanwhile by the call's own finish (its ref is unique): nothing left to do.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return settled;
}
