import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../client';
import { sqliteSql } from './sql';

/**
 * Every hot-path statement finds its rows by a selective key on a freshly migrated database (no
 * planner statistics, as on a young install): an account-wide index walked per message costs nothing
 * in tests and O(conversations) in the field — the visitor's message read once walked every
 * conversation of the account (0.8 ms a message at 2,000 chats, growing with the account's history).
 */

/** Tables the hot path may read account-wide: active bans (IP rules match any visitor) and agents. */
const ACCOUNT_WIDE_OK = new Set(['Ban', 'User']);

/** Columns that select a slice of an account, not a few rows. */
const WIDE_KEYS = new Set(['accountId', 'kind', 'status', 'presence']);

function planOf(db: Database.Database, sql: string) {
  const named = [...new Set(sql.match(/@p\d+/g) ?? [])];
  const positional = (sql.match(/\?/g) ?? []).length;
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (
    named.length
      ? statement.all(Object.fromEntries(named.map((p) => [p.slice(1), 'x'])))
      : statement.all(...Array.from({ length: positional }, () => 'x'))
  ) as { detail: string }[];
  return rows.map((r) => r.detail);
}

describe('hot-path SQL plans (SQLite)', () => {
  let dataDir: string;
  let db: Database.Database;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-plans-'));
    const migrated = await openDatabase({ dataDir });
    await migrated.close();
    db = new Database(path.join(dataDir, 'parley.db'), { readonly: true });
  });
  afterAll(async () => {
    db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const statements = Object.entries(sqliteSql).map(
    ([name, sql]) => [name, typeof sql === 'function' ? sql(2) : sql] as const,
  );

  it.each(statements)('%s reads no table whole and no account-wide index', (_name, sql) => {
    const wide = planOf(db, sql).filter((detail) => {
      const table = /^(?:SCAN|SEARCH) (\S+)/.exec(detail)?.[1];
      if (!table || detail.startsWith('SCAN CONSTANT ROW') || /^SCAN \d+-ROW VALUES/.test(detail))
        return false;
      // A search keyed only by the account (and such as a status or kind) walks the whole account.
      const keys = /\(([^()]*)\)$/
        .exec(detail)?.[1]
        ?.split(' AND ')
        .map((k) => k.replace(/[=<>?].*$/, ''));
      const accountOnly = !!keys && keys.every((k) => WIDE_KEYS.has(k));
      const fullScan = detail.startsWith('SCAN ') && !detail.includes('subquery');
      const alias = new RegExp(`"(\\w+)" ${table}\\b`).exec(sql)?.[1] ?? table;
      return (accountOnly || fullScan) && !ACCOUNT_WIDE_OK.has(alias);
    });
    expect(wide).toEqual([]);
  });
});
