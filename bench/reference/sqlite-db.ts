import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
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
 * Tables the load generator's procedures touch. Message and LiveEvent carry the same columns,
 * indexes and FTS5 triggers as Parley's SQLite schema (packages/db/prisma/models.prisma and
 * apps/api/src/domain/live-chat/search.ts), so the per-message write costs what Parley's must cost at
 * least; the other tables are cut down to what the reference reads.
 */
const DDL = `
${SETUP_TABLES}
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

/**
 * The reference on SQLite with the same settings as Parley's client (packages/db): WAL and
 * synchronous=NORMAL (a commit survives a process crash; a power cut may lose the last ones).
 */
export function openSqliteDb(dataDir: string, agents: number): ReferenceDb {
  const db = new Database(path.join(dataDir, 'reference.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(DDL);
  const accountId = seed(db, agents);
  const sql = {
    userByEmail: db.prepare('SELECT "id", "email", "name", "role" FROM "User" WHERE "email" = ?'),
    insertChannel: db.prepare(
      'INSERT INTO "Channel" ("id", "accountId", "publicKey", "kind", "name") VALUES (?, ?, ?, ?, ?)',
    ),
    channelIdByKey: db.prepare('SELECT "id" FROM "Channel" WHERE "publicKey" = ?').pluck(),
    insertVisitor: db.prepare(
      'INSERT INTO "Visitor" ("id", "accountId", "channelId", "token", "createdAt") VALUES (?, ?, ?, ?, ?)',
    ),
    visitorByToken: db.prepare('SELECT "id", "channelId" FROM "Visitor" WHERE "token" = ?'),
    assign: db.prepare(
      'UPDATE "Conversation" SET "assigneeId" = ? WHERE "id" = ? AND ("assigneeId" IS NULL OR "assigneeId" = ?)',
    ),
    insertConversation: db.prepare(
      'INSERT INTO "Conversation" ("id", "accountId", "channelId", "visitorId", "startedAt") VALUES (?, ?, ?, ?, ?)',
    ),
    insertMessage: db.prepare(
      `INSERT INTO "Message" (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("conversationId", "clientId") DO NOTHING`,
    ),
    existingMessage: db.prepare(
      `SELECT m."id", m."authorType", m."authorUserId", u."name" AS "authorName", m."body", m."createdAt"
       FROM "Message" m LEFT JOIN "User" u ON u."id" = m."authorUserId"
       WHERE m."conversationId" = ? AND m."clientId" = ?`,
    ),
    insertEvent: db.prepare(
      'INSERT INTO "LiveEvent" ("accountId", "topic", "payload", "createdAt") VALUES (?, ?, ?, ?)',
    ),
    ready: db.prepare('SELECT 1'),
  };
  const writeOne = (p: WritePlan): WriteResult => {
    const m = p.message;
    if (p.openConversation) {
      const c = p.openConversation;
      sql.insertConversation.run(c.id, accountId, c.channelId, c.visitorId, m.createdAt);
    }
    const inserted = sql.insertMessage.run(...messageValues(accountId, m, m.createdAt));
    if (inserted.changes === 0)
      return {
        stored: false,
        existing: sql.existingMessage.get(m.conversationId, m.clientId) as Extract<
          WriteResult,
          { stored: false }
        >['existing'],
      };
    const event = sql.insertEvent.run(accountId, p.event.topic, p.event.payload, m.createdAt);
    return { stored: true, eventId: String(event.lastInsertRowid) };
  };
  const writeAll = db.transaction((plans: WritePlan[]) => plans.map(writeOne));

  // better-sqlite3 is synchronous: each method has done its work before its promise is returned.
  return {
    accountId,
    userByEmail: async (email) => (sql.userByEmail.get(email) as UserRow | undefined) ?? null,
    insertChannel: async (c) => {
      sql.insertChannel.run(c.id, accountId, c.publicKey, c.kind, c.name);
    },
    channelIdByKey: async (key) => (sql.channelIdByKey.get(key) as string | undefined) ?? null,
    insertVisitor: async (v) => {
      sql.insertVisitor.run(v.id, accountId, v.channelId, v.token, Date.now());
    },
    visitorByToken: async (token) => (sql.visitorByToken.get(token) as VisitorRow | undefined) ?? null,
    assign: async (conversationId, userId) => sql.assign.run(userId, conversationId, userId).changes > 0,
    write: async (plans) => writeAll(plans),
    ready: async () => {
      sql.ready.get();
    },
    close: async () => {
      db.close();
    },
  };
}

/** On a fresh folder: one account with an owner and `agents` agents (as bench/src/lib/seed.ts seeds Parley). */
function seed(db: Database.Database, agents: number): string {
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
