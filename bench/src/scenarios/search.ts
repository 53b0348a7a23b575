import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { connectAgent, createChannel } from '../lib/clients';
import { parley } from '../lib/program';
import { header, met, saveResult } from '../lib/results';
import { agentEmail, ownerEmail, seedAccount } from '../lib/seed';
import { startTarget } from '../lib/server';
import { log, percentiles } from '../lib/util';
import { envNum } from './common';

// Support-chat vocabulary; word i is picked with probability ∝ 1/(i+1) (Zipf).
const VOCAB = `the you i to a and is it for my on order can please have with this be not your we what
how do are thanks help when will there get if at me hello hi an about was so need know just one yes no
would time could like delivery shipping refund return size color price account password email payment
card invoice discount code product item package tracking number address change cancel problem issue
still waiting received wrong damaged missing available stock store week days today tomorrow yesterday
support agent chat question answer thank great good sorry unfortunately check moment sure okay ok fine
shoes shirt jacket dress bag phone laptop cable charger warranty repair exchange coupon gift voucher
premium subscription plan upgrade downgrade billing receipt tax vat shipping express standard courier
customs international local pickup locker weekend monday friday morning evening link website app login
reset verify confirm confirmation message reply soon asap urgent late early delay delayed broken
working error screen button page cart checkout basket wishlist review rating feedback complaint manager`
  .split(/\s+/)
  .filter(Boolean);
const NAMES = [
  'alice',
  'bob',
  'carla',
  'deniz',
  'emre',
  'fatma',
  'george',
  'hana',
  'ivan',
  'julia',
  'kemal',
  'lena',
];

function zipfPicker(n: number) {
  const cdf = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += 1 / (i + 1);
    cdf[i] = s;
  }
  return () => {
    const r = Math.random() * s;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

export const QUERIES = [
  'refund',
  'shipping delay',
  'invoice',
  'damaged package',
  'passw',
  'warranty repair',
  'order 4711',
  'alice',
  'courier customs',
  'xylophone',
];

/** Target: Archive full-text search p95 ≤ 100 ms over 1,000,000 messages (SQLite FTS5). */
export async function search() {
  const total = envNum('BENCH_SEARCH_MESSAGES', 1_000_000);
  const perConversation = 20;
  const runs = envNum('BENCH_SEARCH_RUNS', 20);
  // Parley only: it seeds Parley's own tables with direct SQL.
  const target = await startTarget({
    program: parley,
    mode: 'sqlite',
    seed: (d) => seedAccount(d, 1).then(() => {}),
  });
  const api = target.procs[0]!;
  const out: { q: string; hits: number; ms: ReturnType<typeof percentiles>; error?: string }[] = [];
  let seedMs = 0;
  let restartMs = 0;
  try {
    await createChannel(api.url, ownerEmail);
    await api.stop();
    const file = path.join(target.dataDir, 'parley.db');
    const sql = new Database(file);
    sql.pragma('journal_mode = WAL');
    sql.pragma('synchronous = OFF');
    const accountId = (sql.prepare('SELECT id FROM "Account" LIMIT 1').get() as { id: string }).id;
    const channelId = (sql.prepare('SELECT id FROM "Channel" LIMIT 1').get() as { id: string }).id;
    const agentId = (
      sql.prepare('SELECT id FROM "User" WHERE email = ?').get(agentEmail(0)) as { id: string }
    ).id;
    // Bulk load without the FTS triggers; the server's ensureSearchIndex rebuilds the index at start.
    for (const t of ['message_search_ai', 'message_search_ad', 'message_search_au'])
      sql.exec(`DROP TRIGGER IF EXISTS ${t}`);
    const t0 = performance.now();
    const conversations = Math.ceil(total / perConversation);
    const pick = zipfPicker(VOCAB.length);
    const insV = sql.prepare(
      'INSERT INTO "Visitor" (id, accountId, number, name, email, visitCount, firstSeenAt, lastSeenAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)',
    );
    const insC = sql.prepare(
      'INSERT INTO "Conversation" (id, accountId, kind, status, channelId, visitorId, assigneeId, startedAt, lastMessageAt, closedAt) VALUES (?, ?, \'visitor\', ?, ?, ?, ?, ?, ?, ?)',
    );
    const insP = sql.prepare(
      'INSERT INTO "Participant" (id, accountId, conversationId, userId, joinedAt, lastReadAt) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insM = sql.prepare(
      "INSERT INTO \"Message\" (id, accountId, conversationId, authorType, authorUserId, authorVisitorId, kind, body, deliveryStatus, createdAt) VALUES (?, ?, ?, ?, ?, ?, 'text', ?, 'sent', ?)",
    );
    const now = Date.now();
    const span = 180 * 24 * 3600_000;
    let written = 0;
    const chunk = sql.transaction((from: number, to: number) => {
      for (let c = from; c < to; c++) {
        const vid = randomUUID();
        const cid = randomUUID();
        const start = now - span + Math.floor(Math.random() * span);
        const name = c % 7 === 0 ? `${NAMES[c % NAMES.length]} ${c}` : null;
        insV.run(
          vid,
          accountId,
          c + 1,
          name,
          name ? `${name.replace(' ', '.')}@example.com` : null,
          iso(start),
          iso(start),
          iso(start),
          iso(start),
        );
        const last = start + perConversation * 30_000;
        insC.run(
          cid,
          accountId,
          c % 50 === 0 ? 'open' : 'closed',
          channelId,
          vid,
          agentId,
          iso(start),
          iso(last),
          c % 50 === 0 ? null : iso(last),
        );
        insP.run(randomUUID(), accountId, cid, agentId, iso(start), iso(last));
        for (let m = 0; m < perConversation && written < total; m++, written++) {
          const len = 4 + Math.floor(Math.random() * 14);
          const words: string[] = [];
          for (let w = 0; w < len; w++) words.push(VOCAB[pick()] as string);
          if (Math.random() < 0.05) words.push(`order ${1000 + Math.floor(Math.random() * 90000)}`);
          if (Math.random() < 0.0005) words.push('xylophone');
          const byVisitor = m % 2 === 0;
          insM.run(
            randomUUID(),
            accountId,
            cid,
            byVisitor ? 'visitor' : 'agent',
            byVisitor ? null : agentId,
            byVisitor ? vid : null,
            words.join(' '),
            iso(start + m * 30_000),
          );
        }
      }
    });
    for (let c = 0; c < conversations; c += 2000) {
      chunk(c, Math.min(conversations, c + 2000));
      if (c % 10000 === 0) log(`seeded ${written} messages`);
    }
    sql.exec('ANALYZE');
    sql.close();
    seedMs = Math.round(performance.now() - t0);
    log(`seeded ${written} messages in ${conversations} conversations in ${seedMs} ms`);
    // Restart: ensureSearchIndex finds the triggers missing, recreates them and rebuilds FTS5.
    await api.restart();
    restartMs = api.readyMs;
    log(`restart with FTS rebuild: ready in ${restartMs} ms`);
    const agent = await connectAgent(api.url, agentEmail(0), {}, { subscribe: false });
    for (const q of QUERIES) await agent.http.chats.archive.query({ q }).catch(() => {}); // warm caches once
    for (const q of QUERIES) {
      const ms: number[] = [];
      let hits = 0;
      let error: string | undefined;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        try {
          const r = await agent.http.chats.archive.query({ q });
          hits = r.items.length + (r.nextCursor ? 1000 : 0);
        } catch (err) {
          error = (err as Error).message;
        }
        ms.push(performance.now() - t);
      }
      const p = percentiles(ms);
      out.push({ q, hits, ms: p, ...(error ? { error } : {}) });
      log(
        `q="${q}" first page ${hits >= 1000 ? `${hits - 1000}+more` : hits}: p50 ${p.p50} p95 ${p.p95} max ${p.max} ms${error ? ` ERROR ${error}` : ''}`,
      );
    }
    agent.close();
  } finally {
    await target.cleanup();
  }
  const all = percentiles(out.flatMap((o) => [o.ms.p50]));
  const worstP95 = Math.max(...out.map((o) => o.ms.p95));
  const md = `## Archive search

${header(`SQLite FTS5, 1 API process; ${total.toLocaleString('en')} messages in ${Math.ceil(total / perConversation).toLocaleString('en')} conversations (Zipf over a ${VOCAB.length}-word support vocabulary), seeded in ${(seedMs / 1000).toFixed(1)} s by direct SQL, FTS index rebuilt by the server at start (ready in ${(restartMs / 1000).toFixed(1)} s); \`chats.archive({ q })\` over HTTP as an agent, ${runs} runs per query after one warm-up`)}

Worst per-query p95 **${worstP95.toFixed(1)} ms** (median of per-query p50s ${all.p50} ms) — target p95 ≤ 100 ms: ${met(worstP95 <= 100 && out.every((o) => !o.error))}${out.some((o) => o.error) ? ` — ${out.filter((o) => o.error).length} of ${out.length} queries fail with a 500` : ''}

| q | first page | p50 ms | p95 ms | max ms | error |
|---|---|---|---|---|---|
${out.map((o) => `| \`${o.q}\` | ${o.hits >= 1000 ? `${o.hits - 1000} + more` : o.hits} | ${o.ms.p50} | ${o.ms.p95} | ${o.ms.max} | ${o.error ?? ''} |`).join('\n')}`;
  saveResult('search', { total, seedMs, restartMs, queries: out }, md);
}
