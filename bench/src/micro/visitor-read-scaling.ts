/**
 * The hot path's per-message reads as an account's history grows (SQLite, the real migrations, the hot
 * path's own SQL, no planner statistics — as on a young install, before `PRAGMA optimize` ran). Each
 * visitor has one conversation; the account grows to N conversations, the newest started last, and
 * the visitor measured is the first (the worst case for a walk in startedAt order). A visitor's message
 * read (`visitorChat`) and typing read (`visitorTyping`) must stay flat in N; before 2026-12-07 the
 * first walked the account's (accountId, startedAt) index: 1.4 ms at 2,000 conversations, 171 ms at
 * 100,000. Foreign keys are off (parents are not made). A measurement, not a check (the check is
 * packages/db/src/hot-path/hot-path-plans.integration.test.ts).
 *
 *   node --import tsx bench/src/micro/visitor-read-scaling.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteSql } from '../../../packages/db/src/hot-path/sql';

const SIZES = (process.env.SIZES ?? '2000,20000,100000').split(',').map(Number);
const migrations = path.resolve(import.meta.dirname, '../../../packages/db/prisma/sqlite/migrations');
const dir = mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'parley-vr-'));
const db = new Database(path.join(dir, 'parley.db'));
db.pragma('journal_mode = WAL');
for (const d of readdirSync(migrations)
  .filter((x) => /^\d/.test(x))
  .sort())
  db.exec(readFileSync(path.join(migrations, d, 'migration.sql'), 'utf8'));
db.pragma('foreign_keys = OFF');

const accountId = randomUUID();
const channelId = randomUUID();
const insert = db.prepare(sqliteSql.insertConversation);
let made = 0;
const visitorOf = (i: number) => `visitor-${i}`;
const grow = db.transaction((to: number) => {
  for (; made < to; made++)
    insert.run({
      p1: randomUUID(),
      p2: accountId,
      p3: channelId,
      p4: visitorOf(made),
      p5: null,
      p6: new Date(Date.UTC(2026, 0, 1) + made * 60_000).toISOString(),
    });
});

const reads = {
  visitorChat: db.prepare(sqliteSql.visitorChat),
  visitorTyping: db.prepare(sqliteSql.visitorTyping),
};
const now = new Date().toISOString();
const args = {
  visitorChat: { p1: accountId, p2: visitorOf(0), p3: channelId, p4: 'no-such-client-id', p5: now },
  visitorTyping: { p1: accountId, p2: visitorOf(0), p3: channelId, p4: now },
};

for (const size of SIZES) {
  grow(size);
  const row: Record<string, string | number> = { conversations: size };
  for (const name of Object.keys(reads) as (keyof typeof reads)[]) {
    const statement = reads[name];
    if (!(statement.get(args[name]) as { conversation: string | null }).conversation)
      throw new Error(`${name}: the visitor's conversation was not found`);
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < 200; i++) statement.get(args[name]);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6 / 200);
    }
    row[`${name} ms`] = Number(times.sort((a, b) => a - b)[2]?.toFixed(4));
  }
  console.log(JSON.stringify(row));
}
db.close();
rmSync(dir, { recursive: true, force: true });
