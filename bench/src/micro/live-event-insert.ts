/**
 * The LiveEvent insert's share of a chat message's transaction on SQLite (better-sqlite3, WAL,
 * synchronous=NORMAL, the real migrations and search triggers, the hot path's own SQL from
 * packages/db/src/hot-path/sql.ts). One transaction per message, as the hot path writes a visitor
 * message in a taken chat: the message row (its indexes and the FTS trigger), the conversation's
 * `lastMessageAt`, the author's read mark, and one two-row LiveEvent insert (the console's and the
 * widget's payload, ~450 bytes of JSON each, serialised inside the timing as the hot path does).
 *
 * Variants, alternated round by round so the tables grow alike:
 *   full         — as the hot path writes it;
 *   no-events    — the same without the LiveEvent insert (its share = 1 − no-events ÷ full);
 *   one-row      — one event row instead of two (the cost of a row);
 *   no-created   — in a database without the `LiveEvent(createdAt)` index that retention uses (what
 *                  that index costs);
 *   no-json      — both payloads' JSON made beforehand (what the two serialisations cost).
 * Foreign keys are off (no parent rows are made), which leaves out the same parent lookups on every
 * side. A measurement, not a check.
 *
 *   node --import tsx bench/src/micro/live-event-insert.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteSql } from '../../../packages/db/src/hot-path/sql';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const PER_ROUND = Number(process.env.PER_ROUND ?? 2000);
const migrations = path.resolve(import.meta.dirname, '../../../packages/db/prisma/sqlite/migrations');

function open(file: string, dropCreatedAtIndex: boolean) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const dir of readdirSync(migrations)
    .filter((d) => /^\d/.test(d))
    .sort())
    db.exec(readFileSync(path.join(migrations, dir, 'migration.sql'), 'utf8'));
  // After the migrations: some of them switch it back on.
  db.pragma('foreign_keys = OFF');
  // As apps/api/src/domain/live-chat/search.ts.
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS "MessageSearch" USING fts5(body, content='Message', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER IF NOT EXISTS message_search_ai AFTER INSERT ON "Message" BEGIN
    INSERT INTO "MessageSearch"(rowid, body) VALUES (new.rowid, new.body); END;`);
  // As migration 20261125164547_init made it (20261207171036 dropped it).
  if (dropCreatedAtIndex) db.exec(`DROP INDEX IF EXISTS "LiveEvent_createdAt_idx"`);
  return db;
}

const dir = mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'parley-le-'));
// Every variant in a file of its own, written as often as the others: a bigger file is a slower file,
// and sharing one would make the variant that shares it with the most look slower.
const files: Database.Database[] = [];
const file = (dropCreatedAtIndex: boolean) => {
  const db = open(path.join(dir, `${files.length}.db`), dropCreatedAtIndex);
  files.push(db);
  return db;
};
const accountId = randomUUID();
const conversationIds = Array.from({ length: 50 }, () => randomUUID());
const visitorId = randomUUID();

function writer(db: Database.Database) {
  const insertMessage = db.prepare(sqliteSql.insertMessage);
  const touch = db.prepare(sqliteSql.touchConversation);
  const markRead = db.prepare(sqliteSql.markRead);
  const events2 = db.prepare(sqliteSql.insertEvents(2));
  const events1 = db.prepare(sqliteSql.insertEvents(1));
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  let n = 0;
  let cached: { agent: string; widget: string } | undefined;
  return (events: 0 | 1 | 2, json = true) => {
    n++;
    const at = new Date().toISOString();
    const conversationId = conversationIds[n % conversationIds.length]!;
    const id = randomUUID();
    const body = `Hello, I have a question about my order number ${n}, it has not arrived yet.`;
    begin.run();
    insertMessage.run({
      p1: id,
      p2: accountId,
      p3: conversationId,
      p4: 'visitor',
      p5: null,
      p6: visitorId,
      p7: body,
      p8: id,
      p9: at,
      p10: 'text',
      p11: null,
    });
    touch.run({ p1: at, p2: conversationId, p3: accountId });
    markRead.run({ p1: at, p2: conversationId, p3: visitorId, p4: accountId });
    if (events > 0) {
      const message = {
        id,
        conversationId,
        authorType: 'visitor',
        authorUserId: null,
        authorVisitorId: visitorId,
        kind: 'text',
        body,
        clientId: id,
        deliveryStatus: 'sent',
        createdAt: at,
        editedAt: null,
        deletedAt: null,
        attachments: [],
        meta: null,
      };
      const agentPayload =
        json || !cached ? JSON.stringify({ type: 'message.created', conversationId, message }) : cached.agent;
      const args = [accountId, `conversation:${conversationId}`, agentPayload, at];
      if (events === 2) {
        const widgetPayload =
          json || !cached
            ? JSON.stringify({ type: 'message.created', message: { ...message, author: null } })
            : cached.widget;
        cached ??= { agent: agentPayload, widget: widgetPayload };
        events2.all(...args, accountId, `visitor:${visitorId}`, widgetPayload, at);
      } else events1.all(...args);
    }
    commit.run();
  };
}

const sides = {
  full: { write: writer(file(false)), events: 2 as const, json: true },
  'no-events': { write: writer(file(false)), events: 0 as const, json: true },
  'one-row': { write: writer(file(false)), events: 1 as const, json: true },
  'no-created': { write: writer(file(true)), events: 2 as const, json: true },
  'no-json': { write: writer(file(false)), events: 2 as const, json: false },
};
type Side = keyof typeof sides;
const results = Object.fromEntries(Object.keys(sides).map((k) => [k, [] as number[]])) as Record<
  Side,
  number[]
>;

// Warm-up: some history in every file, statements compiled.
for (let i = 0; i < 2000; i++) for (const side of Object.values(sides)) side.write(side.events, side.json);
for (let r = 0; r < ROUNDS; r++) {
  for (const side of Object.keys(sides) as Side[]) {
    const { write, events, json } = sides[side];
    const t0 = process.cpuUsage();
    for (let i = 0; i < PER_ROUND; i++) write(events, json);
    const d = process.cpuUsage(t0);
    results[side].push((d.user + d.system) / PER_ROUND);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])) as Record<Side, number>;
console.log(
  `load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${ROUNDS} rounds × ${PER_ROUND} transactions; CPU µs per transaction (median)`,
);
for (const side of Object.keys(m) as Side[])
  console.log(
    `${side.padEnd(11)} ${m[side].toFixed(1).padStart(7)}   rounds: ${results[side].map((x) => x.toFixed(0)).join(' ')}`,
  );
console.log(
  `LiveEvent insert share of the transaction: ${(100 * (1 - m['no-events'] / m.full)).toFixed(1)} % (${(m.full - m['no-events']).toFixed(1)} µs)`,
);
console.log(
  `second event row: ${(m.full - m['one-row']).toFixed(1)} µs; createdAt index: ${(m.full - m['no-created']).toFixed(1)} µs (${(100 * (1 - m['no-created'] / m.full)).toFixed(1)} %)`,
);
for (const db of files) db.close();
rmSync(dir, { recursive: true, force: true });
