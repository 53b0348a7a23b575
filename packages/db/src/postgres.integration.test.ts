// Against a real PostgreSQL: runs only with DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './index';
import { applyMigrations, readMigrationList } from './migrate';
import { migrationLockfile } from './migrate/migrations';
import { createTestDatabase, type TestDatabase } from './testing';

const serverUrl = process.env.DATABASE_URL;

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe.skipIf(!serverUrl)('PostgreSQL (DATABASE_URL)', () => {
  let testDb: TestDatabase | undefined;
  afterEach(async () => {
    await testDb?.cleanup();
    testDb = undefined;
  });

  it('survives PostgreSQL ending its idle connections (a restart) and reconnects', async () => {
    testDb = await createTestDatabase();
    const [{ name }] = await testDb.db.$queryRawUnsafe<[{ name: string }]>(
      'SELECT current_database() AS name',
    );
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    const lost: Error[] = [];
    const database = await openDatabase({
      databaseUrl: url.toString(),
      dataDir: tmpdir(),
      onPoolError: (err) => lost.push(err),
    });
    try {
      await database.db.account.count();
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
      } finally {
        await admin.end();
      }
      await vi.waitFor(() => expect(lost.length).toBeGreaterThan(0));
      expect(lost[0]?.message).toMatch(/terminating connection/);
      expect(await database.db.account.count()).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('createTestDatabase makes a fresh migrated database and drops it on cleanup', async () => {
    testDb = await createTestDatabase();
    expect(testDb.provider).toBe('postgresql');
    const [{ name }] = await testDb.db.$queryRawUnsafe<[{ name: string }]>(
      'SELECT current_database() AS name',
    );
    expect(name).toMatch(/^parley_t_[0-9a-f]{12}$/);
    const expected = (await readMigrationList('postgresql')).migrationDirectories.map((dir) => dir.path);
    const rows = await testDb.db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(expected);
    await testDb.cleanup();
    testDb = undefined;
    expect(await databaseExists(name)).toBe(false);
  });

  it('openDatabase is idempotent on a migrated database', async () => {
    testDb = await createTestDatabase();
    const [{ name }] = await testDb.db.$queryRawUnsafe<[{ name: string }]>(
      'SELECT current_database() AS name',
    );
    const url = new URL(serverUrl ?? '');
    url.pathname = `/${name}`;
    expect(await applyMigrations('postgresql', url.toString())).toEqual([]);
    const again = await openDatabase({ databaseUrl: url.toString(), dataDir: tmpdir() });
    try {
      expect(await again.db.account.count()).toBe(0);
    } finally {
      await again.close();
    }
  });

  it('runs a migration as one statement batch: $$ bodies work and a failure leaves nothing applied', async () => {
    testDb = await createTestDatabase();
    const [{ name }] = await testDb.db.$queryRawUnsafe<[{ name: string }]>(
      'SELECT current_database() AS name',
    );
    const url = new URL(serverUrl ?? '');
    url.pathname = `/${name}`;
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-migrations-'));
    try {
      await writeFile(path.join(dir, 'migration_lock.toml'), migrationLockfile('postgresql'));
      const write = async (migration: string, sql: string) => {
        await mkdir(path.join(dir, migration));
        await writeFile(path.join(dir, migration, 'migration.sql'), sql);
      };
      await write(
        '1_fn',
        'CREATE TABLE "A" (x int);\nCREATE FUNCTION one() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;',
      );
      expect(await applyMigrations('postgresql', url.toString(), { migrationsDir: dir })).toEqual(['1_fn']);
      await write('2_broken', 'CREATE TABLE "B" (x int);\nSELECT no_such_function();');
      await expect(applyMigrations('postgresql', url.toString(), { migrationsDir: dir })).rejects.toThrow(
        /no_such_function/,
      );
      const tables = await testDb.db.$queryRawUnsafe<{ tablename: string }[]>(
        `SELECT tablename FROM pg_tables WHERE tablename IN ('A', 'B')`,
      );
      expect(tables.map((row) => row.tablename)).toEqual(['A']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
