import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import {
  MESSAGE_COLUMNS,
  messageValues,
  type ReferenceDb,
  SETUP_TABLES,
  type UserRow,
  type VisitorRow,
  type WritePlan,
  type WriteResult,
} from './db';

/**
 * The same tables on PostgreSQL, with what Parley's PostgreSQL schema adds to a message write: the
 * GIN index its search uses (apps/api/src/domain/live-chat/search.ts), JSONB payloads, TIMESTAMP(3)
 * columns and LiveEvent ids drawn in commit order by Parley's trigger
 * (packages/db/prisma/postgresql/migrations/20261126020000_live_event_commit_order).
 */
const DDL = `
${SETUP_TABLES}
CREATE TABLE IF NOT EXISTS "Visitor" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "channelId" TEXT NOT NULL REFERENCES "Channel"("id"), "token" TEXT NOT NULL UNIQUE,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS "Conversation" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "channelId" TEXT NOT NULL REFERENCES "Channel"("id"), "visitorId" TEXT NOT NULL REFERENCES "Visitor"("id"),
  "assigneeId" TEXT REFERENCES "User"("id"), "status" TEXT NOT NULL DEFAULT 'open',
  "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE INDEX IF NOT EXISTS "Conversation_visitorId_status_idx" ON "Conversation"("visitorId", "status");

CREATE TABLE IF NOT EXISTS "Message" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "conversationId" TEXT NOT NULL REFERENCES "Conversation"("id"), "authorType" TEXT NOT NULL,
  "authorUserId" TEXT REFERENCES "User"("id"), "authorVisitorId" TEXT REFERENCES "Visitor"("id"),
  "kind" TEXT NOT NULL DEFAULT 'text', "body" TEXT NOT NULL, "meta" JSONB, "clientId" TEXT, "externalId" TEXT,
  "deliveryStatus" TEXT NOT NULL DEFAULT 'sent', "deliveryError" TEXT,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "editedAt" TIMESTAMP(3), "deletedAt" TIMESTAMP(3));
CREATE UNIQUE INDEX IF NOT EXISTS "Message_conversationId_clientId_key" ON "Message"("conversationId", "clientId");
CREATE UNIQUE INDEX IF NOT EXISTS "Message_conversationId_externalId_key" ON "Message"("conversationId", "externalId");
CREATE INDEX IF NOT EXISTS "Message_authorVisitorId_clientId_idx" ON "Message"("authorVisitorId", "clientId");
CREATE INDEX IF NOT EXISTS "Message_accountId_createdAt_idx" ON "Message"("accountId", "createdAt");
CREATE INDEX IF NOT EXISTS "Message_conversationId_createdAt_idx" ON "Message"("conversationId", "createdAt");
CREATE INDEX IF NOT EXISTS "Message_body_fts" ON "Message" USING GIN (to_tsvector('simple', "body"));

CREATE TABLE IF NOT EXISTS "LiveEvent" ("id" SERIAL PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "topic" TEXT NOT NULL, "payload" JSONB NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE INDEX IF NOT EXISTS "LiveEvent_accountId_topic_id_idx" ON "LiveEvent"("accountId", "topic", "id");
CREATE INDEX IF NOT EXISTS "LiveEvent_createdAt_idx" ON "LiveEvent"("createdAt");
`;

/** Parley's own trigger (LiveEvent ids in commit order per account), read from its migration so the two cannot drift. */
const COMMIT_ORDER_MIGRATION = '20261126020000_live_event_commit_order';

function readParleyMigration(name: string): string {
  // From bench/reference (tests, tsx) or bench/reference/dist (the built server): up to the repository root.
  for (
    let dir = path.dirname(fileURLToPath(import.meta.url));
    dir !== path.dirname(dir);
    dir = path.dirname(dir)
  ) {
    const file = path.join(dir, 'packages/db/prisma/postgresql/migrations', name, 'migration.sql');
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error(`Parley's migration ${name} not found above ${fileURLToPath(import.meta.url)}`);
}

const ms = (n: number) => new Date(n).toISOString();

/** The reference on PostgreSQL: a pool of 10 connections, like Prisma's pg adapter by default. */
export async function openPgDb(databaseUrl: string, agents: number): Promise<ReferenceDb> {
  // Loaded here, not at start: the SQLite variants should not carry pg in their RSS.
  const { default: postgres } = await import('pg');
  const pool = new postgres.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection the server closes (restart, DROP DATABASE … FORCE) must not end the process.
  pool.on('error', (err) => console.error('reference: idle PostgreSQL connection lost:', err.message));
  await pool.query(DDL);
  const trigger = await pool.query(`SELECT 1 FROM pg_trigger WHERE tgname = 'LiveEvent_commit_order'`);
  if (trigger.rowCount === 0) await pool.query(readParleyMigration(COMMIT_ORDER_MIGRATION));
  const accountId = await seed(pool, agents);
  const one = async <T>(text: string, values: unknown[]) =>
    ((await pool.query(text, values)).rows[0] as T | undefined) ?? null;

  async function writeOne(client: pg.PoolClient, p: WritePlan): Promise<WriteResult> {
    const m = p.message;
    if (p.openConversation) {
      const c = p.openConversation;
      await client.query({
        name: 'ref_open_conversation',
        text: 'INSERT INTO "Conversation" ("id", "accountId", "channelId", "visitorId", "startedAt") VALUES ($1, $2, $3, $4, $5)',
        values: [c.id, accountId, c.channelId, c.visitorId, ms(m.createdAt)],
      });
    }
    const inserted = await client.query({
      name: 'ref_insert_message',
      text: `INSERT INTO "Message" (${MESSAGE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT ("conversationId", "clientId") DO NOTHING`,
      values: messageValues(accountId, m, ms(m.createdAt)),
    });
    if (inserted.rowCount === 0) {
      const existing = await client.query({
        name: 'ref_existing_message',
        text: `SELECT m."id", m."authorType", m."authorUserId", u."name" AS "authorName", m."body",
                 (EXTRACT(EPOCH FROM m."createdAt") * 1000)::float8 AS "createdAt"
               FROM "Message" m LEFT JOIN "User" u ON u."id" = m."authorUserId"
               WHERE m."conversationId" = $1 AND m."clientId" = $2`,
        values: [m.conversationId, m.clientId],
      });
      return { stored: false, existing: existing.rows[0] };
    }
    const event = await client.query({
      name: 'ref_insert_event',
      text: 'INSERT INTO "LiveEvent" ("accountId", "topic", "payload", "createdAt") VALUES ($1, $2, $3, $4) RETURNING "id"',
      values: [accountId, p.event.topic, p.event.payload, ms(m.createdAt)],
    });
    return { stored: true, eventId: String(event.rows[0].id) };
  }

  return {
    accountId,
    userByEmail: (email) =>
      one<UserRow>('SELECT "id", "email", "name", "role" FROM "User" WHERE "email" = $1', [email]),
    insertChannel: async (c) => {
      await pool.query(
        'INSERT INTO "Channel" ("id", "accountId", "publicKey", "kind", "name") VALUES ($1, $2, $3, $4, $5)',
        [c.id, accountId, c.publicKey, c.kind, c.name],
      );
    },
    channelIdByKey: async (key) =>
      (await one<{ id: string }>('SELECT "id" FROM "Channel" WHERE "publicKey" = $1', [key]))?.id ?? null,
    insertVisitor: async (v) => {
      await pool.query(
        'INSERT INTO "Visitor" ("id", "accountId", "channelId", "token") VALUES ($1, $2, $3, $4)',
        [v.id, accountId, v.channelId, v.token],
      );
    },
    visitorByToken: (token) =>
      one<VisitorRow>('SELECT "id", "channelId" FROM "Visitor" WHERE "token" = $1', [token]),
    assign: async (conversationId, userId) =>
      ((
        await pool.query(
          'UPDATE "Conversation" SET "assigneeId" = $1 WHERE "id" = $2 AND ("assigneeId" IS NULL OR "assigneeId" = $1)',
          [userId, conversationId],
        )
      ).rowCount ?? 0) > 0,
    async write(plans) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const results: WriteResult[] = [];
        for (const p of plans) results.push(await writeOne(client, p));
        await client.query('COMMIT');
        return results;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    ready: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

async function seed(pool: pg.Pool, agents: number): Promise<string> {
  const existing = await pool.query('SELECT "id" FROM "Account" LIMIT 1');
  if (existing.rows[0]) return existing.rows[0].id as string;
  const accountId = randomUUID();
  await pool.query('INSERT INTO "Account" ("id", "name") VALUES ($1, $2)', [accountId, 'Bench']);
  const users = [
    ['owner@bench.test', 'Bench owner', 'owner'],
    ...Array.from({ length: agents }, (_, i) => [`agent${i}@bench.test`, `Agent ${i}`, 'agent']),
  ];
  for (const [email, name, role] of users)
    await pool.query(
      'INSERT INTO "User" ("id", "accountId", "email", "name", "role") VALUES ($1, $2, $3, $4, $5)',
      [randomUUID(), accountId, email, name, role],
    );
  return accountId;
}
