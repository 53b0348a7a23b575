import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, scopeToAccount } from '@parley/db';
import Database from 'better-sqlite3';
import pg from 'pg';
import { getAgentReport, getReport, type TReportQuery } from '../../../apps/api/src/domain/stats/report';
import { rebuildAccount, rollupAccount } from '../../../apps/api/src/domain/stats/rollup';
import { header, met, saveResult } from '../lib/results';
import { PG_URL } from '../lib/server';
import { log, percentiles } from '../lib/util';
import { envNum } from './common';

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const rand = (n: number) => Math.floor(Math.random() * n);

/**
 * Issue 18 target: every Statistics report and filter combination p95 ≤ 150 ms with 1,000,000
 * messages, 100,000 conversations, 50 agents and 5 channels over a year, on SQLite or, with
 * BENCH_STATS_DB=postgres, on a fresh database of the machine's PostgreSQL (BENCH_DATABASE_URL names the
 * server; the database is created and dropped by the run). Seeds Parley's
 * tables by direct SQL, rebuilds the rollups, measures one incremental run, then times the domain's
 * report function (what `stats.report` runs, without HTTP) for every preset × filter.
 */
export async function stats() {
  const messages = envNum('BENCH_STATS_MESSAGES', 1_000_000);
  const conversations = envNum('BENCH_STATS_CONVERSATIONS', Math.round(messages / 10));
  const agents = 50;
  const channels = 5;
  const runs = envNum('BENCH_STATS_RUNS', 10);
  const spanDays = envNum('BENCH_STATS_SPAN_DAYS', 365);
  const keep = process.env.BENCH_STATS_KEEP_DIR;
  const dataDir = keep ?? mkdtempSync(path.join(tmpdir(), 'parley-bench-stats-'));
  const postgres = process.env.BENCH_STATS_DB === 'postgres';
  const pgDb = postgres ? await createPgDatabase() : undefined;
  const open = () => openDatabase({ dataDir, ...(pgDb ? { databaseUrl: pgDb.url } : {}) });
  try {
    // 1. Schema and the account's fixed rows through Prisma.
    let database = await open();
    const account = await database.db.account.create({ data: { name: 'Bench stats' } });
    const accountId = account.id;
    const agentIds: string[] = [];
    for (let i = 0; i < agents; i++)
      agentIds.push(
        (
          await database.db.user.create({
            data: {
              accountId,
              email: `agent${i}@bench.test`,
              name: `Agent ${i}`,
              passwordHash: 'x',
              role: 'agent',
            },
          })
        ).id,
      );
    const channelIds: string[] = [];
    for (let i = 0; i < channels; i++)
      channelIds.push(
        (
          await database.db.channel.create({
            data: {
              accountId,
              kind: i === 4 ? 'email' : 'website',
              name: `Channel ${i}`,
              publicKey: `bench-${i}`,
            },
          })
        ).id,
      );
    const tagIds: string[] = [];
    for (let i = 0; i < 5; i++)
      tagIds.push((await database.db.tag.create({ data: { accountId, name: `tag${i}` } })).id);
    const statusIds: string[] = [];
    for (let i = 0; i < 3; i++)
      statusIds.push(
        (
          await database.db.processStatus.create({
            data: { accountId, name: `S${i}`, color: '#000', position: i },
          })
        ).id,
      );
    await database.close();

    // 2. A year of history by direct SQL.
    const t0 = performance.now();
    const sink = pgDb ? await pgSink(pgDb.url) : sqliteSink(path.join(dataDir, 'parley.db'));
    const now = Date.now();
    const span = spanDays * 24 * 3600_000;
    const perConversation = Math.max(2, Math.round(messages / conversations));
    let written = 0;
    const chunk = (from: number, to: number) => {
      const rows = emptyRows();
      for (let c = from; c < to; c++) {
        const vid = randomUUID();
        const cid = randomUUID();
        const start = now - span + rand(span);
        const channelId = channelIds[c % channels] as string;
        const agentId = agentIds[rand(agents)] as string;
        rows.visitors.push([
          vid,
          accountId,
          c + 1,
          c % 4 === 0 ? (statusIds[c % 3] ?? null) : null,
          iso(start),
          iso(start),
          iso(start),
          iso(start),
        ]);
        rows.visits.push([
          randomUUID(),
          accountId,
          vid,
          channelId,
          1 + rand(8),
          iso(start - 60_000),
          iso(start + 600_000),
          iso(start + 600_000),
        ]);
        const kind = rand(100);
        const origin = kind < 5 ? 'offline_form' : kind < 8 ? 'proactive' : 'widget';
        const missed = kind >= 8 && kind < 16;
        let t = start;
        const messageRows: [string, string | null, string | null, string, string | null][] = [];
        for (let m = 0; m < perConversation && written < messages; m++, written++) {
          t += 5_000 + rand(120_000);
          const byVisitor =
            origin === 'proactive' ? m % 2 === 1 : m % 2 === 0 || missed || origin === 'offline_form';
          if (m === 5 && kind % 10 === 0)
            messageRows.push([
              'system',
              null,
              'system',
              iso(t),
              JSON.stringify({ system: { event: 'transferred' } }),
            ]);
          else
            messageRows.push(
              byVisitor ? ['visitor', null, 'text', iso(t), null] : ['agent', agentId, 'text', iso(t), null],
            );
        }
        rows.conversations.push([
          cid,
          accountId,
          channelId,
          vid,
          missed ? null : agentId,
          origin,
          rand(3) === 0 ? 1 + rand(5) : null,
          iso(start),
          iso(t),
          iso(t + 60_000),
        ]);
        for (const [authorType, user, kindOf, at, meta] of messageRows)
          rows.messages.push([
            randomUUID(),
            accountId,
            cid,
            authorType,
            user,
            authorType === 'visitor' ? vid : null,
            kindOf,
            meta,
            at,
          ]);
        if (c % 5 === 0) rows.tags.push([accountId, cid, tagIds[c % tagIds.length] as string]);
      }
      return rows;
    };
    for (let c = 0; c < conversations; c += 2000) {
      await sink.write(chunk(c, Math.min(conversations, c + 2000)));
      if (c % 20000 === 0) log(`seeded ${written} messages`);
    }
    await sink.end();
    const seedMs = Math.round(performance.now() - t0);
    log(`seeded ${written} messages in ${conversations} conversations in ${seedMs} ms`);

    // 3. Rollups: the rebuild from raw rows, then one incremental run over 1,000 new events.
    database = await open();
    const db = scopeToAccount(database.db, accountId);
    await db.statState.create({ data: { accountId, timeZone: 'Europe/Istanbul' } });
    const t1 = performance.now();
    await rebuildAccount(db, accountId);
    const rebuildMs = Math.round(performance.now() - t1);
    log(`rebuild: ${rebuildMs} ms`);
    const recent = await db.conversation.findMany({
      orderBy: { startedAt: 'desc' },
      take: 1000,
      select: { id: true },
    });
    await db.liveEvent.createMany({
      data: recent.map((c) => ({
        accountId,
        topic: 'console',
        payload: { data: { type: 'message', message: { conversationId: c.id } } },
      })),
    });
    const t2 = performance.now();
    await rollupAccount(db, accountId, new Date());
    const incrementalMs = Math.round(performance.now() - t2);
    log(`incremental run over 1,000 events (1,000 conversations): ${incrementalMs} ms`);
    const hourRows = await db.statHour.count();

    // 4. Every preset × filter, as an admin.
    const viewer = { accountId, userId: agentIds[0] as string, role: 'admin' as const };
    const presets = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth'] as const;
    const filters: [string, Partial<TReportQuery>][] = [
      ['none', {}],
      ['channel', { channelId: channelIds[1] }],
      ['agent', { agentId: agentIds[3] }],
      ['channel+agent', { channelId: channelIds[1], agentId: agentIds[3] }],
      ['tag', { tagId: tagIds[2] }],
      ['status', { statusId: statusIds[1] }],
    ];
    const yearFrom = new Date(now - 364 * 86_400_000).toISOString().slice(0, 10);
    const yearTo = new Date(now).toISOString().slice(0, 10);
    const cases: { name: string; run: () => Promise<unknown> }[] = [];
    for (const preset of [...presets, 'year' as const])
      for (const [fname, f] of filters) {
        const q: TReportQuery =
          preset === 'year' ? { preset: 'custom', from: yearFrom, to: yearTo, ...f } : { preset, ...f };
        cases.push({
          name: `${preset} · ${fname}`,
          run: () => getReport({ db, provider: database.provider }, viewer, q),
        });
      }
    for (const preset of ['last30', 'lastMonth'] as const)
      cases.push({
        name: `agentReport ${preset}`,
        run: () =>
          getAgentReport({ db, provider: database.provider }, viewer, {
            preset,
            agentId: agentIds[3] as string,
          }),
      });
    const results: { name: string; p50: number; p95: number; max: number }[] = [];
    const yearRuns = envNum('BENCH_STATS_YEAR_RUNS', 3);
    for (const c of cases) {
      await c.run(); // warm
      const ms: number[] = [];
      for (let i = 0; i < (c.name.startsWith('year') ? yearRuns : runs); i++) {
        const t = performance.now();
        await c.run();
        ms.push(performance.now() - t);
      }
      const p = percentiles(ms);
      results.push({ name: c.name, p50: p.p50, p95: p.p95, max: p.max });
      log(`${c.name}: p50 ${p.p50} p95 ${p.p95} ms`);
    }
    await database.close();
    const presetResults = results.filter((r) => !r.name.startsWith('year'));
    const worst = Math.max(...presetResults.map((r) => r.p95));
    const worstYear = Math.max(...results.filter((r) => r.name.startsWith('year')).map((r) => r.p95));
    const md = `## Statistics reports${postgres ? ' (PostgreSQL)' : ''}

${header(`${postgres ? 'PostgreSQL' : 'SQLite'}, in-process domain call \`getReport\` (what \`stats.report\` runs, no HTTP); ${written.toLocaleString('en')} messages in ${conversations.toLocaleString('en')} conversations, ${agents} agents, ${channels} channels over a year, seeded in ${(seedMs / 1000).toFixed(1)} s by direct SQL; rollup rebuild ${(rebuildMs / 1000).toFixed(1)} s (${hourRows.toLocaleString('en')} StatHour rows); one incremental run over 1,000 new events ${incrementalMs} ms (a scheduled job: the message path is not touched); ${runs} runs per case after one warm-up`)}

Worst p95 over every preset × filter **${worst.toFixed(1)} ms** — target p95 ≤ 150 ms: ${met(worst <= 150)}. A custom 365-day period (not a preset; ${yearRuns} runs): worst p95 ${worstYear.toFixed(1)} ms.

| case | p50 ms | p95 ms | max ms |
|---|---|---|---|
${results.map((r) => `| ${r.name} | ${r.p50} | ${r.p95} | ${r.max} |`).join('\n')}`;
    saveResult(
      postgres ? 'stats-pg' : 'stats',
      { messages: written, conversations, seedMs, rebuildMs, incrementalMs, hourRows, results },
      md,
    );
  } catch (err) {
    // Said before the finally drops the database (which ends any connection still open).
    console.error('stats bench failed:', err);
    throw err;
  } finally {
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    if (pgDb && !keep) await pgDb.drop();
  }
}

type Row = (string | number | null)[];
interface SeedRows {
  visitors: Row[];
  visits: Row[];
  conversations: Row[];
  messages: Row[];
  tags: Row[];
}
const emptyRows = (): SeedRows => ({ visitors: [], visits: [], conversations: [], messages: [], tags: [] });

/** Where the seeded rows go: one chunk at a time, then indexes analysed. */
interface SeedSink {
  write(rows: SeedRows): Promise<void>;
  end(): Promise<void>;
}

const COLUMNS = {
  visitors: {
    table: 'Visitor',
    columns: [
      'id',
      'accountId',
      'number',
      'processStatusId',
      'firstSeenAt',
      'lastSeenAt',
      'createdAt',
      'updatedAt',
    ],
    pgTypes: ['text', 'text', 'int', 'text', 'timestamptz', 'timestamptz', 'timestamptz', 'timestamptz'],
    extra: { sqlite: ['visitCount', '1'], pg: ['"visitCount"', '1'] },
  },
  visits: {
    table: 'Visit',
    columns: [
      'id',
      'accountId',
      'visitorId',
      'channelId',
      'pageCount',
      'startedAt',
      'lastActiveAt',
      'endedAt',
    ],
    pgTypes: ['text', 'text', 'text', 'text', 'int', 'timestamptz', 'timestamptz', 'timestamptz'],
    extra: { sqlite: ['number', '1'], pg: ['"number"', '1'] },
  },
  conversations: {
    table: 'Conversation',
    columns: [
      'id',
      'accountId',
      'channelId',
      'visitorId',
      'assigneeId',
      'origin',
      'rating',
      'startedAt',
      'lastMessageAt',
      'closedAt',
    ],
    pgTypes: [
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'int',
      'timestamptz',
      'timestamptz',
      'timestamptz',
    ],
    extra: { sqlite: ['kind, status', `'visitor', 'closed'`], pg: ['kind, status', `'visitor', 'closed'`] },
  },
  messages: {
    table: 'Message',
    columns: [
      'id',
      'accountId',
      'conversationId',
      'authorType',
      'authorUserId',
      'authorVisitorId',
      'kind',
      'meta',
      'createdAt',
    ],
    pgTypes: [
      'text',
      'text',
      'text',
      '"AuthorType"',
      'text',
      'text',
      '"MessageKind"',
      'jsonb',
      'timestamptz',
    ],
    extra: { sqlite: ['body, deliveryStatus', `'x', 'sent'`], pg: ['body, "deliveryStatus"', `'x', 'sent'`] },
  },
  tags: {
    table: 'ConversationTag',
    columns: ['accountId', 'conversationId', 'tagId'],
    pgTypes: ['text', 'text', 'text'],
    extra: null,
  },
} as const;

/** SQLite: prepared inserts in one transaction per chunk, the search triggers dropped (not measured here). */
function sqliteSink(file: string): SeedSink {
  const sql = new Database(file);
  sql.pragma('journal_mode = WAL');
  sql.pragma('synchronous = OFF');
  for (const t of ['message_search_ai', 'message_search_ad', 'message_search_au'])
    sql.exec(`DROP TRIGGER IF EXISTS ${t}`);
  const inserts = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, c]) => {
      const cols = [...c.columns.map((n) => `"${n}"`), ...(c.extra ? [c.extra.sqlite[0]] : [])].join(', ');
      const values = [...c.columns.map(() => '?'), ...(c.extra ? [c.extra.sqlite[1]] : [])].join(', ');
      return [key, sql.prepare(`INSERT INTO "${c.table}" (${cols}) VALUES (${values})`)];
    }),
  );
  const writeAll = sql.transaction((rows: SeedRows) => {
    for (const key of Object.keys(COLUMNS) as (keyof SeedRows)[])
      for (const row of rows[key]) inserts[key]?.run(...row);
  });
  return {
    write: async (rows) => {
      writeAll(rows);
    },
    end: async () => {
      sql.exec('ANALYZE');
      sql.close();
    },
  };
}

/**
 * PostgreSQL: one INSERT … SELECT FROM unnest(…) per table and chunk (one round trip for thousands of
 * rows), in one transaction per chunk; ANALYZE at the end so the planner sees the year of data.
 */
async function pgSink(url: string): Promise<SeedSink> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', (err) => log(`seed connection: ${err.message}`));
  await client.connect();
  return {
    write: async (rows) => {
      await client.query('BEGIN');
      for (const key of Object.keys(COLUMNS) as (keyof SeedRows)[]) {
        const c = COLUMNS[key];
        const list = rows[key];
        if (list.length === 0) continue;
        const columns = c.columns.map((_, i) => list.map((r) => r[i] ?? null));
        const cols = [...c.columns.map((n) => `"${n}"`), ...(c.extra ? [c.extra.pg[0]] : [])].join(', ');
        // unnest gives text for the enum/json/time columns' arrays: cast each column to its type.
        const selected = [
          // Prisma keeps UTC in timestamp-without-time-zone columns: convert, whatever the session's zone.
          ...c.pgTypes.map((t, i) =>
            t === 'timestamptz' ? `(u.c${i}::timestamptz AT TIME ZONE 'UTC')` : `u.c${i}::${t}`,
          ),
          ...(c.extra ? [c.extra.pg[1]] : []),
        ].join(', ');
        const arrays = c.pgTypes.map((t, i) => `$${i + 1}::${t === 'int' ? 'int' : 'text'}[]`).join(', ');
        const names = c.pgTypes.map((_, i) => `c${i}`).join(', ');
        await client.query(
          `INSERT INTO "${c.table}" (${cols}) SELECT ${selected} FROM unnest(${arrays}) AS u(${names})`,
          columns,
        );
      }
      await client.query('COMMIT');
    },
    end: async () => {
      await client.query('ANALYZE');
      await client.end();
    },
  };
}

/** A fresh database on the machine's PostgreSQL for one run, dropped at the end. */
async function createPgDatabase() {
  const name = `parley_bench_stats_${randomUUID().slice(0, 8)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  log(`PostgreSQL database ${name}`);
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
