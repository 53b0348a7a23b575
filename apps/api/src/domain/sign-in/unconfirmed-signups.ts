import type { Db } from '@parley/db';
import type { Logger } from '../../logger';

/**
 * How long an account made by public sign-up waits for its owner to confirm the address
 * (docs/security.md, "Public sign-up"): after this many days unconfirmed it is deleted.
 */
export const UNCONFIRMED_SIGNUP_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;
/** Accounts deleted per run: a burst of abandoned sign-ups is worked off over a few runs. */
const BATCH = 100;

/**
 * The scheduled job `cleanup-unconfirmed-signups` (once across API processes by the scheduler's
 * lease): deletes the accounts public sign-up made (their `account.signed_up` audit line) whose
 * users never confirmed an address, `UNCONFIRMED_SIGNUP_DAYS` after they were made. Nobody could
 * ever sign in to such an account, so it holds nothing but its owner, the links and the audit lines;
 * the database cascades from Account. An account confirmed meanwhile is kept: the delete checks it
 * again in the same statement. Accounts made by setup or by the operator are never touched.
 */
export async function deleteUnconfirmedSignups(
  systemDb: Db,
  logger: Pick<Logger, 'info'>,
  now = new Date(),
): Promise<{ deleted: number }> {
  const unconfirmed = {
    createdAt: { lt: new Date(now.getTime() - UNCONFIRMED_SIGNUP_DAYS * DAY) },
    auditEvents: { some: { action: 'account.signed_up' } },
    users: { none: { emailUnverified: false } },
  };
  const stale = await systemDb.account.findMany({
    where: unconfirmed,
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: BATCH,
  });
  if (stale.length === 0) return { deleted: 0 };
  const { count } = await systemDb.account.deleteMany({
    where: { id: { in: stale.map((a) => a.id) }, ...unconfirmed },
  });
  logger.info({ deleted: count, days: UNCONFIRMED_SIGNUP_DAYS }, 'unconfirmed sign-ups deleted');
  return { deleted: count };
}
