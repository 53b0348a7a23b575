// @parley/db/testing: a fresh, migrated database per test file (or per test).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from './client';

export interface TestDatabase extends Database {
  /** Closes the client and deletes the database. */
  cleanup(): Promise<void>;
}

/**
 * With `DATABASE_URL` (PostgreSQL): a new database `parley_t_<random>` on that server, dropped on
 * cleanup. Otherwise: an SQLite file in a new temp dir, removed on cleanup. Either way it is migrated.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  return serverUrl ? createPostgresTestDatabase(serverUrl) : createSqliteTestDatabase();
}

async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-test-'));
  const database = await openDatabase({ dataDir });
  return {
    ...database,
    async cleanup() {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  await runOnServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: tmpdir() });
    return {
      ...database,
      async cleanup() {
        await database.close();
        await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  } catch (error) {
    await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
}

async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
