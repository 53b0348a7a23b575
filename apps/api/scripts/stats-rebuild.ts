// `npm run stats:rebuild [-- <accountId>]`: recomputes the Statistics rollups (StatChat, StatHour) of
// every account, or of one, from the raw conversations, messages and visits (docs/statistics.md).
// Safe while the server runs: the next scheduled rollup reads on from the cursor the rebuild set.
import { openDatabase } from '@parley/db';
import { loadConfig } from '../src/config';
import { rebuildStats } from '../src/domain/stats/rollup-job';

const config = loadConfig();
const { db, close } = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const started = Date.now();
  const results = await rebuildStats(db, process.argv[2]);
  for (const r of results) console.log(`account ${r.accountId}: ${r.chats} conversations`);
  console.log(`stats: rebuilt ${results.length} account(s) in ${Date.now() - started} ms`);
} finally {
  await close();
}
