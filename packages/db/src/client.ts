import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type BetterSqlite3 from 'better-sqlite3';
import type { Prisma, PrismaClient } from './generated/sqlite/client';
import type { ChatHotPath } from './hot-path/chat-hot-path';
import { createPostgresHotPath } from './hot-path/postgres-chat-hot-path';
import { createSqliteHotPath } from './hot-path/sqlite-chat-hot-path';
import { applyMigrations } from './migrate';
import type { DbProvider } from './schema/paths';
import { scopedAccountOf, unscopedClientOf } from './scoped';
import { cacheStatements } from './sqlite-statement-cache';
import {
  createPostgresRollupSql,
  createSqliteRollupSql,
  type RollupSql,
  type RollupSqlFactory,
} from './stats/rollup-sql';

/**
 * The Prisma client. Typed as the SQLite client for both providers: the two generated clients expose
 * the same models and operations, and app code must stick to what both databases support anyway.
 */
export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => ...)`. */
export type DbTx = Prisma.TransactionClient;

export interface Database {
  db: Db;
  provider: DbProvider;
  close(): Promise<void>;
  /**
   * SQL statements run so far (SQLite only; null on PostgreSQL): lets tests hold the hot paths to a
   * statement budget without timing anything.
   */
  statementsRun(): number | null;
  /** The chat message path on hand-written SQL, on the same connections (see hot-path/). */
  hotPath: ChatHotPath;
}

export interface OpenDatabaseOptions {
  /** `postgres://` or `postgresql://` URL; without it, an SQLite file in `dataDir`. */
  databaseUrl?: string;
  /** Directory of the embedded SQLite database (`parley.db`); created if missing. */
  dataDir: string;
  /**
   * An idle PostgreSQL connection failed (the server restarted, or an administrator ended it). The
   * pool drops it and opens another when needed; this only reports it. Default: a console warning.
   */
  onPoolError?: (err: Error) => void;
}

/** Each open client's statistics rollup SQL (stats/rollup-sql.ts), found from a client scoped to an account. */
const rollupSqlByClient = new WeakMap<object, RollupSqlFactory>();

/**
 * The statistics rollup's hand-written SQL for the account a client is scoped to, on the client's own
 * connections (the chat hot path's). Only for clients scoped to an account: every statement is that
 * account's.
 */
export function rollupSqlOf(db: Db): RollupSql {
  const accountId = scopedAccountOf(db);
  if (!accountId) throw new Error('rollupSqlOf needs a client scoped to an account');
  const factory = rollupSqlByClient.get(unscopedClientOf(db));
  if (!factory) throw new Error('rollupSqlOf: the client was not opened by openDatabase');
  return factory(accountId);
}

/** How long SQLite waits for another connection's write lock before failing with SQLITE_BUSY. */
const sqliteBusyTimeoutMs = 5_000;

/**
 * WAL lets readers run during a write; synchronous=NORMAL survives application crashes (not power loss)
 * and makes writes ~3x faster in WAL mode. All but journal_mode are per connection, so they are set on
 * every connection the client opens.
 */
const sqlitePragmas = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  PRAGMA foreign_keys = ON;
  PRAGMA busy_timeout = ${sqliteBusyTimeoutMs};
`;

/** How often `PRAGMA optimize` refreshes the planner's statistics on a long-lived connection. */
const optimizeEveryMs = 60 * 60 * 1000;

/**
 * SQLite's query planner chooses indexes better with statistics (sqlite_stat1): without them it may
 * walk an account-wide index that also serves an ORDER BY rather than a selective one. SQLite's advice
 * for long-lived connections: `PRAGMA optimize=0x10002` when opened, then `PRAGMA optimize` now and
 * then; `analysis_limit` keeps each ANALYZE to a sample (milliseconds on a million rows). A failure is
 * logged, never thrown: statistics are an optimisation.
 */
function keepPlannerStatistics(connection: BetterSqlite3.Database) {
  const optimize = (pragma: string) => {
    try {
      connection.pragma(pragma);
    } catch (err) {
      console.warn(`database: PRAGMA ${pragma} failed: ${(err as Error).message}`);
    }
  };
  optimize('analysis_limit = 1000');
  optimize('optimize = 0x10002');
  const timer = setInterval(() => optimize('optimize'), optimizeEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** What the hot path needs of the SQLite connection Prisma opened. */
interface SqliteLink {
  connection?: BetterSqlite3.Database;
  /** Called when one of Prisma's transactions on the connection commits or rolls back. */
  waiters: (() => void)[];
}

function transactionEnded(link: SqliteLink) {
  for (const wake of link.waiters.splice(0)) wake();
}

async function sqliteAdapterFactory(
  file: string,
  counter: { statements: number },
  link: SqliteLink,
): Promise<SqlDriverAdapterFactory> {
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  const inner = new PrismaBetterSqlite3({ url: file, timeout: sqliteBusyTimeoutMs });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      await adapter.executeScript(sqlitePragmas);
      // The adapter keeps its better-sqlite3 connection in `client`.
      const connection = (adapter as unknown as { client: BetterSqlite3.Database }).client;
      link.connection = connection;
      cacheStatements(connection, undefined, () => {
        counter.statements++;
      });
      // The hot path waits for an open interactive transaction to end before it writes.
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        const tx = await startTransaction(isolationLevel);
        const commit = tx.commit.bind(tx);
        const rollback = tx.rollback.bind(tx);
        tx.commit = async () => {
          await commit();
          transactionEnded(link);
        };
        tx.rollback = async () => {
          await rollback();
          transactionEnded(link);
        };
        return tx;
      };
      return adapter;
    },
  };
}

/**
 * Opens the database and applies pending migrations (offline, with the wasm schema engine) first.
 * Without `databaseUrl`: SQLite at `${dataDir}/parley.db`. With a postgres(ql):// URL: PostgreSQL.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { databaseUrl } = options;
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL (omit it for SQLite)');
    }
    await applyMigrations('postgresql', databaseUrl);
    // Each provider's client and driver load only when used: an embedded server never holds the
    // PostgreSQL ones in memory, and the other way round.
    const [{ PrismaClient: PostgresPrismaClient }, { PrismaPg }, { default: pg }] = await Promise.all([
      import('./generated/postgresql/client'),
      import('@prisma/adapter-pg'),
      import('pg'),
    ]);
    // One pool for Prisma and the hot path: one connection limit (pg's default of 10, as before).
    const pool = new pg.Pool({ connectionString: databaseUrl });
    // Without a listener, an idle client's error (a PostgreSQL restart ends every connection) would be
    // an uncaught exception and stop the process. Prisma's adapter listens only while it is connected.
    pool.on(
      'error',
      options.onPoolError ?? ((err) => console.warn(`database: idle connection lost: ${err.message}`)),
    );
    const client = new PostgresPrismaClient({ adapter: new PrismaPg(pool) });
    // The one cast: the PostgreSQL client is generated from the same models, so it has the same
    // delegates and methods as the SQLite client whose type `Db` is, but TypeScript sees two distinct
    // generated types (its filters also accept e.g. `mode: 'insensitive'`). One `Db` type keeps app code
    // provider-agnostic.
    const db = client as unknown as Db;
    await db.$connect();
    rollupSqlByClient.set(db, createPostgresRollupSql(pool, pg.types));
    return {
      db,
      provider: 'postgresql',
      close: async () => {
        await db.$disconnect();
        await pool.end().catch(() => {});
      },
      statementsRun: () => null,
      hotPath: createPostgresHotPath(pool),
    };
  }

  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, 'parley.db');
  await applyMigrations('sqlite', file);
  const { PrismaClient: SqlitePrismaClient } = await import('./generated/sqlite/client');
  const counter = { statements: 0 };
  const link: SqliteLink = { waiters: [] };
  const db: Db = new SqlitePrismaClient({ adapter: await sqliteAdapterFactory(file, counter, link) });
  await db.$connect();
  const connection = link.connection;
  if (!connection) throw new Error('the SQLite adapter did not connect');
  const hotPath = createSqliteHotPath({
    connection,
    transactionEnded: () => new Promise((resolve) => link.waiters.push(resolve)),
    onStatements: (count) => {
      counter.statements += count;
    },
  });
  const stopOptimizing = keepPlannerStatistics(connection);
  rollupSqlByClient.set(
    db,
    createSqliteRollupSql({
      connection,
      transactionEnded: () => new Promise((resolve) => link.waiters.push(resolve)),
      onStatements: (count) => {
        counter.statements += count;
      },
    }),
  );
  return {
    db,
    provider: 'sqlite',
    close: async () => {
      stopOptimizing();
      await db.$disconnect();
    },
    statementsRun: () => counter.statements,
    hotPath,
  };
}
