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
  const cache = new Map<string, BetterSqlite3.Statement>();

  const statementFor = (sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      cache.delete(sql);
    } else {
      statement = prepare(sql);
      if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, statement);
    return statement;
  };

  const bound = (statement: BetterSqlite3.Statement, args: unknown[]) => ({
    reader: statement.reader,
    columns: () => statement.columns(),
    run: () => statement.run(args),
    raw: () => ({ all: () => statement.raw(true).all(args) }),
  });

  const cachedPrepare = (sql: string) => {
    onStatement();
    const statement = statementFor(sql);
    return { ...bound(statement, []), bind: (args: unknown[]) => bound(statement, args) };
  };
  db.prepare = cachedPrepare as unknown as typeof db.prepare;
}
