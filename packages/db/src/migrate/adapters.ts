// Driver-adapter factories for the schema engine, with the workarounds it needs.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** How long a migration waits for another process's SQLite write lock before failing. */
const sqliteBusyTimeoutMs = 10_000;

/**
 * SQLite file (or ':memory:'); the engine's shadow database is an in-memory SQLite. Each driver loads
 * only when its provider is used: an embedded server never holds node-postgres, and the other way round.
 */
export function sqliteMigrationFactory(file: string): SqlMigrationAwareDriverAdapterFactory {
  const inner = import('@prisma/adapter-better-sqlite3').then(
    ({ PrismaBetterSqlite3 }) => new PrismaBetterSqlite3({ url: file, timeout: sqliteBusyTimeoutMs }),
  );
  return {
    provider: 'sqlite',
    adapterName: '@prisma/adapter-better-sqlite3',
    connect: async () => withMultiStatementRaw(await (await inner).connect()),
    connectToShadowDb: async () => withMultiStatementRaw(await (await inner).connectToShadowDb()),
  };
}

/**
 * The engine replays migrations on the SQLite shadow database with `executeRaw(wholeScript)`, which
 * better-sqlite3 rejects ("contains more than one statement"); run such a script with `exec` instead.
 */
function withMultiStatementRaw(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      const multiStatement = error instanceof Error && error.message.includes('more than one statement');
      if (!multiStatement || query.args.length > 0) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

/**
 * PostgreSQL through adapter-pg, fixed for migrations:
 * - one connection (pool max 1): the engine's advisory lock and the script it guards must share a
 *   session;
 * - a migration script runs as ONE simple query (adapter-pg splits scripts on `;`, which breaks `$$`
 *   bodies and leaves half-applied migrations); a multi-statement simple query is also atomic.
 * It has no shadow database: `PrismaPg` would create it on the main server. Diffs use PGlite instead.
 */
export function postgresMigrationFactory(connectionString: string): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async connect() {
      const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
      const pool = new pg.Pool({ connectionString, max: 1 });
      const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
      return withScriptAsOneQuery(adapter);
    },
    connectToShadowDb() {
      return Promise.reject(new Error('no shadow database on the main PostgreSQL server; diff uses PGlite'));
    },
  };
}

function withScriptAsOneQuery(adapter: SqlDriverAdapter): SqlDriverAdapter {
  // No parameters => node-postgres uses the simple query protocol, which accepts many statements.
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

/**
 * A freshly initialised PGlite data directory. `initdb` takes 2-7 s; loading a copy ~0.6 s. So the copy
 * is kept per process and, across runs, in the OS temp dir (keyed by PGlite's version).
 */
let pgliteTemplate: Promise<Blob> | undefined;

async function loadPgliteTemplate(PGlite: typeof import('@electric-sql/pglite').PGlite): Promise<Blob> {
  // PGlite does not export its package.json: find it above the entry point (dist/index.js).
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const packageJson = path.join(path.dirname(path.dirname(entry)), 'package.json');
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  const cacheFile = path.join(tmpdir(), `parley-pglite-template-${version}.tar`);
  const cached = await readFile(cacheFile).catch(() => null);
  if (cached) return new Blob([cached]);
  const template = await PGlite.create();
  try {
    const dump = await template.dumpDataDir('none');
    const partFile = `${cacheFile}.${process.pid}.part`;
    await writeFile(partFile, new Uint8Array(await dump.arrayBuffer()));
    await rename(partFile, cacheFile); // atomic: concurrent test workers never read half a file
    return dump;
  } finally {
    await template.close();
  }
}

/**
 * In-memory PGlite for both the "main" and the shadow connection of a diff: no server needed.
 * pglite-prisma-adapter 0.7.2 neither awaits scripts (errors would be swallowed) nor closes its
 * databases, so both are patched here. Imported lazily: PGlite is a dev-only dependency.
 */
export async function pgliteMigrationFactory(): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ]);
  pgliteTemplate ??= loadPgliteTemplate(PGlite);
  pgliteTemplate.catch(() => {
    pgliteTemplate = undefined;
  });
  const template = await pgliteTemplate;
  const open = async (): Promise<SqlDriverAdapter> => {
    const client = await PGlite.create({ loadDataDir: template });
    const adapter: SqlDriverAdapter = await new PrismaPGlite(client).connect();
    adapter.executeScript = async (script) => {
      await client.exec(script);
    };
    adapter.dispose = () => client.close();
    return adapter;
  };
  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: open,
    connectToShadowDb: open,
  };
}
