import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, openDatabase } from './index';
import { applyMigrations, readMigrationList } from './migrate';
import { createTestDatabase } from './testing';

async function migrationNames(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ migration_name: string; finished_at: unknown }[]>(
    'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name',
  );
  expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  return rows.map((row) => row.migration_name);
}

describe('openDatabase with SQLite', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'parley-db-')), 'nested', 'data');
  });
  afterAll(async () => {
    await rm(path.dirname(path.dirname(dataDir)), { recursive: true, force: true });
  });

  it('creates dataDir/parley.db, applies every migration and sets the pragmas', async () => {
    const expected = (await readMigrationList('sqlite')).migrationDirectories.map((dir) => dir.path);
    const { db, provider, close } = await openDatabase({ dataDir });
    try {
      expect(provider).toBe('sqlite');
      expect(await migrationNames(db)).toEqual(expected);
      expect(await db.$queryRawUnsafe('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await db.$queryRawUnsafe('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1n }]);
      expect(await db.$queryRawUnsafe('PRAGMA synchronous')).toEqual([{ synchronous: 1n }]); // NORMAL
      const account = await db.account.create({ data: { name: 'Acme' } });
      await expect(
        db.user.create({ data: { accountId: 'missing', email: 'x@y.z', name: 'X', passwordHash: 'h' } }),
      ).rejects.toThrow();
      expect(await db.account.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({
        name: 'Acme',
      });
    } finally {
      await close();
    }
  });

  it('is idempotent: a second open applies nothing and keeps the data', async () => {
    expect(await applyMigrations('sqlite', path.join(dataDir, 'parley.db'))).toEqual([]);
    const { db, close } = await openDatabase({ dataDir });
    try {
      expect(await db.account.count()).toBe(1);
      expect((await migrationNames(db)).length).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });

  it('rejects a database URL it does not support', async () => {
    await expect(openDatabase({ dataDir, databaseUrl: 'mysql://localhost/x' })).rejects.toThrow(/postgres/);
  });
});

describe('createTestDatabase', () => {
  it('gives a migrated database that reports unique violations', async () => {
    const { db, cleanup } = await createTestDatabase();
    try {
      const account = await db.account.create({ data: { name: 'Acme' } });
      const user = { accountId: account.id, email: 'a@acme.test', name: 'A', passwordHash: 'h' };
      await db.user.create({ data: user });
      const duplicate = await db.user.create({ data: user }).catch((error: unknown) => error);
      expect(isUniqueViolation(duplicate)).toBe(true);
      expect(isUniqueViolation(new Error('nope'))).toBe(false);
      // Json default and enum default round-trip.
      const channel = await db.channel.create({
        data: { accountId: account.id, kind: 'website', name: 'Site', publicKey: 'pk' },
      });
      expect(channel.config).toEqual({});
      expect((await db.user.findFirstOrThrow()).role).toBe('agent');
    } finally {
      await cleanup();
    }
  });
});
