import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** The password every seeded user has (the same constant as bench/src/lib/seed.ts). */
export const REFERENCE_PASSWORD = 'bench correct horse battery';

/**
 * Tables the load generator's procedures touch. Message and LiveEvent carry the same columns,
 * indexes and FTS5 triggers as Parley's SQLite schema (packages/db/prisma/models.prisma and
 * apps/api/src/domain/live-chat/search.ts), so the per-message write costs what Parley's must cost at
 * least; the other tables are cut down to what the reference reads.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS "Account" ("id" TEXT PRIMARY KEY, "name" TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS "User" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "email" TEXT NOT NULL UNIQUE, "name" TEXT NOT NULL, "role" TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS "Channel" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "publicKey" TEXT NOT NULL UNIQUE, "kind" TEXT NOT NULL, "name" TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS "Visitor" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "channelId" TEXT NOT NULL REFERENCES "Channel"("id"), "token" TEXT NOT NULL UNIQUE, "createdAt" INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS "Conversation" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "channelId" TEXT NOT NULL REFERENCES "Channel"("id"), "visitorId" TEXT NOT NULL REFERENCES "Visitor"("id"),
  "assigneeId" TEXT REFERENCES "User"("id"), "status" TEXT NOT NULL DEFAULT 'open', "startedAt" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS "Conversation_visitorId_status_idx" ON "Conversation"("visitorId", "status");

CREATE TABLE IF NOT EXISTS "Message" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "conversationId" TEXT NOT NULL REFERENCES "Conversation"("id"), "authorType" TEXT NOT NULL,
  "authorUserId" TEXT REFERENCES "User"("id"), "authorVisitorId" TEXT REFERENCES "Visitor"("id"),
  "kind" TEXT NOT NULL DEFAULT 'text', "body" TEXT NOT NULL, "meta" TEXT, "clientId" TEXT, "externalId" TEXT,
  "deliveryStatus" TEXT NOT NULL DEFAULT 'sent', "deliveryError" TEXT, "createdAt" INTEGER NOT NULL,
  "editedAt" INTEGER, "deletedAt" INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS "Message_conversationId_clientId_key" ON "Message"("conversationId", "clientId");
CREATE UNIQUE INDEX IF NOT EXISTS "Message_conversationId_externalId_key" ON "Message"("conversationId", "externalId");
CREATE INDEX IF NOT EXISTS "Message_authorVisitorId_clientId_idx" ON "Message"("authorVisitorId", "clientId");
CREATE INDEX IF NOT EXISTS "Message_accountId_createdAt_idx" ON "Message"("accountId", "createdAt");
CREATE INDEX IF NOT EXISTS "Message_conversationId_createdAt_idx" ON "Message"("conversationId", "createdAt");
CREATE VIRTUAL TABLE IF NOT EXISTS "MessageSearch" USING fts5(body, content='Message', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS message_search_ai AFTER INSERT ON "Message" BEGIN
  INSERT INTO "MessageSearch"(rowid, body) VALUES (new.rowid, new.body); END;
CREATE TRIGGER IF NOT EXISTS message_search_ad AFTER DELETE ON "Message" BEGIN
  INSERT INTO "MessageSearch"("MessageSearch", rowid, body) VALUES ('delete', old.rowid, old.body); END;
CREATE TRIGGER IF NOT EXISTS message_search_au AFTER UPDATE OF body ON "Message" BEGIN
  INSERT INTO "MessageSearch"("MessageSearch", rowid, body) VALUES ('delete', old.rowid, old.body);
  INSERT INTO "MessageSearch"(rowid, body) VALUES (new.rowid, new.body); END;

CREATE TABLE IF NOT EXISTS "LiveEvent" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "accountId" TEXT NOT NULL
  REFERENCES "Account"("id"), "topic" TEXT NOT NULL, "payload" TEXT NOT NULL, "createdAt" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS "LiveEvent_accountId_topic_id_idx" ON "LiveEvent"("accountId", "topic", "id");
CREATE INDEX IF NOT EXISTS "LiveEvent_createdAt_idx" ON "LiveEvent"("createdAt");
`;

/** The same durability settings as Parley's SQLite client: WAL, synchronous=NORMAL. */
export function applyPragmas(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/** Creates the tables and, on a fresh folder, one account with an owner and `agents` agents; returns the account id. */
export function migrateAndSeed(db: Database, agents: number): string {
  db.exec(DDL);
  const existing = db.prepare('SELECT "id" FROM "Account" LIMIT 1').pluck().get() as string | undefined;
  if (existing) return existing;
  const accountId = randomUUID();
  db.transaction(() => {
    db.prepare('INSERT INTO "Account" ("id", "name") VALUES (?, ?)').run(accountId, 'Bench');
    const user = db.prepare(
      'INSERT INTO "User" ("id", "accountId", "email", "name", "role") VALUES (?, ?, ?, ?, ?)',
    );
    user.run(randomUUID(), accountId, 'owner@bench.test', 'Bench owner', 'owner');
    for (let i = 0; i < agents; i++)
      user.run(randomUUID(), accountId, `agent${i}@bench.test`, `Agent ${i}`, 'agent');
  })();
  return accountId;
}
