import type BetterSqlite3 from 'better-sqlite3';

/**
 * Prisma's better-sqlite3 adapter (7.10) calls `db.prepare(sql).bind(args)` for every query, and
 * better-sqlite3 compiles the SQL anew each time: the profile of a chat under load put ~10 % of the
 * server's CPU in `prepare` alone. Prisma emits the same few SQL texts over and over, so this keeps
 * the compiled statements (LRU) and hands the adapter a bound view of a cached one instead.
 *
 * better-sqlite3's own `bind()` can be called only once per statement, hence the view: it passes the
 * arguments to each call. The adapter uses exactly `bind`, `reader`, `columns()`, `run()` and
 * `raw().all()` (checked in client.integration.test.ts, which runs every kind of query through it);
 * the adapter's version is pinned in package.json.
 */
export function cacheStatements(
  db: BetterSqlite3.Database,
  capacity = 500,
  onStatement: () => void = () => {},
): void {
  const prepare = db.prepare.bind(db);
  /** A compiled statement and, once asked for, its result columns (fixed for a statement). */
  type Cached = { statement: BetterSqlite3.Statement; columns?: BetterSqlite3.ColumnDefinition[] };
  const cache = new Map<string, Cached>();

  const statementFor = (sql: string) => {
    let cached = cache.get(sql);
    if (cached) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      cache.delete(sql);
    } else {
      cached = { statement: prepare(sql) };
      if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, cached);
    return cached;
  };

  // The adapter asks every SELECT for its columns; better-sqlite3 builds that list anew each time
  // (~4 % of the server's CPU at 300 msg/s), though it cannot change for a compiled statement.
  const bound = (cached: Cached, args: unknown[]) => ({
    reader: cached.statement.reader,
    columns: () => {
      cached.columns ??= cached.statement.columns();
      return cached.columns;
    },
    run: () => cached.statement.run(args),
    raw: () => ({ all: () => cached.statement.raw(true).all(args) }),
  });

  const cachedPrepare = (sql: string) => {
    onStatement();
    const cached = statementFor(sql);
    return { ...bound(cached, []), bind: (args: unknown[]) => bound(cached, args) };
  };
  db.prepare = cachedPrepare as unknown as typeof db.prepare;
}
