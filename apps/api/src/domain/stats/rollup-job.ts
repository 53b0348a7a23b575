import { channel } from 'node:diagnostics_channel';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Db, scopeToAccount } from '@parley/db';
import { rebuildAccount, rollupAccount } from './rollup';

/**
 * The scheduled rollup (`stats-rollup`, once across API processes by the scheduler's lease; off with
 * STATS_ROLLUP=off): walks every account and brings its rollups up to its event log, each on that
 * account's scoped client.
 */
let running = false;

/**
 * Each finished run is published here (`{ accounts, chats, messages, longestTxMs, ms, maxBlockMs }`;
 * messages: the message rows it read and folded; longestTxMs: its longest write transaction, which on
 * SQLite held the message path's connection that long): the longest the event
 * loop was held while the run went on, which is what chat messages waited at worst. Nothing is
 * measured unless someone listens (bench:stats-rollup does, from a preloaded module).
 */
export const rollupChannel = channel('parley:stats-rollup');

export async function runStatsRollup(systemDb: Db, now = new Date()) {
  // The scheduler ticks on while a long run (a rebuild) goes on: one run at a time per process.
  if (running) return { accounts: 0, chats: 0, skipped: true };
  running = true;
  const histogram = rollupChannel.hasSubscribers ? monitorEventLoopDelay({ resolution: 1 }) : null;
  histogram?.enable();
  const started = performance.now();
  try {
    const result = await rollupAll(systemDb, now);
    if (histogram) {
      histogram.disable();
      rollupChannel.publish({
        ...result,
        ms: Math.round(performance.now() - started),
        // Delay beyond the sampling interval (1 ms): how long a ready message waited behind the job.
        maxBlockMs: Math.max(0, histogram.max / 1e6 - 1),
      });
    }
    return result;
  } finally {
    histogram?.disable();
    running = false;
  }
}

async function rollupAll(systemDb: Db, now: Date) {
  const accounts = await systemDb.account.findMany({ select: { id: true } });
  let chats = 0;
  let messages = 0;
  let longestTxMs = 0;
  for (const { id } of accounts) {
    const r = await rollupAccount(scopeToAccount(systemDb, id), id, now);
    chats += r.chats;
    messages += r.messages;
    longestTxMs = Math.max(longestTxMs, r.longestTxMs ?? 0);
  }
  return { accounts: accounts.length, chats, messages, longestTxMs: Math.round(longestTxMs * 10) / 10 };
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
