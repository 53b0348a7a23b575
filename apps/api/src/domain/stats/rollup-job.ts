import { type Db, scopeToAccount } from '@parley/db';
import { rebuildAccount, rollupAccount } from './rollup';

/**
 * The scheduled rollup (`stats-rollup`, once across API processes by the scheduler's lease): walks
 * every account and brings its rollups up to its event log, each on that account's scoped client.
 */
let running = false;

export async function runStatsRollup(systemDb: Db, now = new Date()) {
  // The scheduler ticks on while a long run (a rebuild) goes on: one run at a time per process.
  if (running) return { accounts: 0, chats: 0, skipped: true };
  running = true;
  try {
    return await rollupAll(systemDb, now);
  } finally {
    running = false;
  }
}

async function rollupAll(systemDb: Db, now: Date) {
  const accounts = await systemDb.account.findMany({ select: { id: true } });
  let chats = 0;
  for (const { id } of accounts) chats += (await rollupAccount(scopeToAccount(systemDb, id), id, now)).chats;
  return { accounts: accounts.length, chats };
}

/** `npm run stats:rebuild`: every account (or one) recomputed from the raw rows. */
export async function rebuildStats(systemDb: Db, accountId?: string) {
  const accounts = accountId
    ? [{ id: accountId }]
    : await systemDb.account.findMany({ select: { id: true } });
  const out: { accountId: string; chats: number }[] = [];
  for (const { id } of accounts)
    out.push({ accountId: id, ...(await rebuildAccount(scopeToAccount(systemDb, id), id)) });
  return out;
}
