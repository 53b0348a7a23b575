import type BetterSqlite3 from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import type { DbProvider } from '../schema/paths';
import { RollupStatements, type TSqlOp, type TStep } from './rollup-statements';

/**
 * The statistics rollup's database access (apps/api domain/stats/rollup.ts) on the connections the
 * chat hot path uses, for one account: `statements` builds the SQL (rollup-statements.ts), `read`
 * runs one statement, `transaction` runs a body of them in one short transaction.
 */
export interface RollupSql {
  provider: DbProvider;
  statements: RollupStatements;
  /** Runs one statement on its own (SQLite: after a turn of the event loop, outside any transaction). */
  read<T>(op: TSqlOp<T>): Promise<T>;
  /**
   * Runs the body's statements in one transaction. SQLite: synchronously between BEGIN IMMEDIATE and
   * COMMIT once Prisma has no transaction open on the connection, so no other statement (a chat
   * message) lands inside it and it holds the writer only as long as the body's statements take;
   * PostgreSQL: on one pooled connection. Throwing in the body rolls back.
   */
  transaction<T>(body: () => TStep<T>): Promise<T>;
}

export type RollupSqlFactory = (accountId: string) => RollupSql;

/** Lets the message path (timers, sockets) run before the next statement. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SqliteRollupOptions {
  connection: BetterSqlite3.Database;
  transactionEnded(): Promise<void>;
  onStatements(count: number): void;
}

export function createSqliteRollupSql(options: SqliteRollupOptions): RollupSqlFactory {
  const { connection } = options;
  // Prisma's adapter replaces `prepare` with its statement cache; these are compiled with the original.
  const prepareOwn = Object.getPrototypeOf(connection).prepare as BetterSqlite3.Database['prepare'];
  // Texts that vary with their arguments (multi-row writes, message ranges) are kept LRU, the fixed ones always.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const varying = new Map<string, BetterSqlite3.Statement>();
  const statement = (op: TSqlOp<unknown>) => {
    const cache = op.fixed ? statements : varying;
    let s = cache.get(op.sql);
    if (s) {
      if (!op.fixed) {
        cache.delete(op.sql);
        cache.set(op.sql, s);
      }
      return s;
    }
    s = prepareOwn.call(connection, op.sql);
    // Prisma's adapter turns safe integers on for the connection; ids, counts and ms fit a number.
    if (s.reader) s.safeIntegers(false);
    cache.set(op.sql, s);
    if (varying.size > 200) varying.delete(varying.keys().next().value as string);
    return s;
  };
  const exec = <T>(op: TSqlOp<T>): T => {
    const params = Object.fromEntries(op.args.map((value, i) => [`p${i + 1}`, value]));
    const s = statement(op as TSqlOp<unknown>);
    if (op.kind === 'all') return op.map(s.all(params) as Record<string, unknown>[], 0);
    return op.map([], s.run(params).changes);
  };
  let control: Record<'begin' | 'commit' | 'rollback', BetterSqlite3.Statement> | undefined;
  const controls = () =>
    (control ??= {
      begin: prepareOwn.call(connection, 'BEGIN IMMEDIATE'),
      commit: prepareOwn.call(connection, 'COMMIT'),
      rollback: prepareOwn.call(connection, 'ROLLBACK'),
    });
  const idle = async () => {
    await turn();
    while (connection.inTransaction) await options.transactionEnded();
  };
  return (accountId) => ({
    provider: 'sqlite',
    statements: new RollupStatements('sqlite', accountId),
    async read(op) {
      await idle();
      options.onStatements(1);
      return exec(op);
    },
    async transaction(body) {
      await idle();
      let counted = 2;
      controls().begin.run();
      try {
        const run = body();
        let next = run.next();
        while (!next.done) {
          counted++;
          next = run.next(exec(next.value));
        }
        controls().commit.run();
        return next.value;
      } catch (err) {
        if (connection.inTransaction) controls().rollback.run();
        throw err;
      } finally {
        options.onStatements(counted);
      }
    },
  });
}

/** pg's type parsers, given by client.ts (which loads pg only for PostgreSQL). */
export interface PgTypes {
  getTypeParser(oid: number, format?: string): (value: string) => unknown;
}

/** `timestamp` (without a zone) as its text: Prisma stores UTC, and pg would read it in the process's zone. */
const TIMESTAMP_OID = 1114;

export function createPostgresRollupSql(pool: Pool, pgTypes: PgTypes): RollupSqlFactory {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === TIMESTAMP_OID ? (value: string) => value : pgTypes.getTypeParser(oid, format),
  };
  // Fixed texts are named: each pooled connection parses and plans them once.
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (!name) {
      name = `parley_rollup_${names.size}`;
      names.set(sql, name);
    }
    return name;
  };
  const exec = async <T>(client: Pool | PoolClient, op: TSqlOp<T>): Promise<T> => {
    const result = await client.query({
      ...(op.fixed ? { name: nameOf(op.sql) } : {}),
      text: op.sql,
      values: op.args,
      types,
    } as never);
    const { rows, rowCount } = result as unknown as {
      rows: Record<string, unknown>[];
      rowCount: number | null;
    };
    return op.map(rows, rowCount ?? 0);
  };
  return (accountId) => ({
    provider: 'postgresql',
    statements: new RollupStatements('postgresql', accountId),
    read: (op) => exec(pool, op),
    async transaction(body) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        try {
          const run = body();
          let next = run.next();
          while (!next.done) next = run.next(await exec(client, next.value));
          await client.query('COMMIT');
          return next.value;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw err;
        }
      } finally {
        client.release(broken);
      }
    },
  });
}
