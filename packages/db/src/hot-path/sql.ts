/**
 * The hot path's SQL for both databases, side by side so that a change to one is seen next to the
 * other. SQLite takes `@pN` parameters (given as `{ pN }`), PostgreSQL `$N`; the column lists are the same.
 */

const messageColumns = `"id", "accountId", "conversationId", "authorType", "authorUserId", "authorVisitorId",
  "kind", "body", "meta", "clientId", "externalId", "deliveryStatus", "deliveryError", "createdAt", "editedAt",
  "deletedAt"`;

export const sqliteSql = {
  /** @p1 account, @p2 visitor, @p3 channel, @p4 clientId, @p5 now (ISO, as Prisma stores it). */
  visitorChat: `SELECT
  (SELECT json_object('id', c."id", 'visitorId', c."visitorId", 'channelId', c."channelId",
      'assigneeId', c."assigneeId", 'translateTo', c."translateTo",
      'participantIds', json((SELECT json_group_array(p."userId") FROM "Participant" p
        WHERE p."conversationId" = c."id" AND p."accountId" = @p1 AND p."leftAt" IS NULL)))
    FROM "Conversation" c
    WHERE c."accountId" = @p1 AND c."visitorId" = @p2 AND c."channelId" = @p3 AND c."status" = 'open'
      AND c."kind" = 'visitor'
    ORDER BY c."startedAt" DESC LIMIT 1) AS "conversation",
  (SELECT m."id" FROM "Message" m
    WHERE m."accountId" = @p1 AND m."authorVisitorId" = @p2 AND m."clientId" = @p4 LIMIT 1) AS "existingId",
  (SELECT json_group_array(json_object('visitorId', b."visitorId", 'ip', b."ip")) FROM "Ban" b
    WHERE b."accountId" = @p1 AND b."liftedAt" IS NULL AND (b."expiresAt" IS NULL OR b."expiresAt" > @p5)
      AND (b."visitorId" = @p2 OR b."ip" IS NOT NULL)) AS "bans"`,

  /** @p1 account, @p2 conversation, @p3 user, @p4 clientId. */
  agentChat: `SELECT
  (SELECT json_object('id', c."id", 'visitorId', c."visitorId", 'channelId', c."channelId",
      'status', c."status", 'translateTo', c."translateTo",
      'participantIds', json((SELECT json_group_array(p."userId") FROM "Participant" p
        WHERE p."conversationId" = c."id" AND p."accountId" = @p1 AND p."leftAt" IS NULL)),
      'viaPlugin', EXISTS (SELECT 1 FROM "PluginInstall" i WHERE i."channelId" = c."channelId" AND i."accountId" = @p1))
    FROM "Conversation" c WHERE c."id" = @p2 AND c."accountId" = @p1 AND c."kind" = 'visitor') AS "conversation",
  (SELECT m."id" FROM "Message" m
    WHERE m."conversationId" = @p2 AND m."accountId" = @p1 AND m."clientId" = @p4) AS "existingId",
  (SELECT json_object('id', u."id", 'name', u."name", 'avatarKey', u."avatarKey") FROM "User" u
    WHERE u."id" = @p3 AND u."accountId" = @p1) AS "author"`,

  messageById: `SELECT ${messageColumns} FROM "Message" WHERE "id" = @p1 AND "accountId" = @p2`,

  insertMessage: `INSERT INTO "Message" ("id", "accountId", "conversationId", "authorType", "authorUserId",
  "authorVisitorId", "kind", "body", "clientId", "deliveryStatus", "createdAt")
  VALUES (@p1, @p2, @p3, @p4, @p5, @p6, 'text', @p7, @p8, 'sent', @p9)`,

  touchConversation: `UPDATE "Conversation" SET "lastMessageAt" = @p1 WHERE "id" = @p2 AND "accountId" = @p3`,

  markRead: `UPDATE "Participant" SET "lastReadAt" = @p1
  WHERE "conversationId" = @p2 AND "userId" = @p3 AND "accountId" = @p4`,

  /** n rows of (accountId, topic, payload, createdAt). */
  insertEvents: (n: number) =>
    `INSERT INTO "LiveEvent" ("accountId", "topic", "payload", "createdAt") VALUES ${Array.from(
      { length: n },
      () => '(?, ?, ?, ?)',
    ).join(', ')} RETURNING "id"`,
};

/** node-postgres would read `timestamp` columns in the process's local zone: as text, they are UTC. */
const postgresMessageColumns = messageColumns
  .replace('"createdAt", "editedAt",', '"createdAt"::text AS "createdAt", "editedAt"::text AS "editedAt",')
  .replace('"deletedAt"', '"deletedAt"::text AS "deletedAt"');

export const postgresSql = {
  visitorChat: `SELECT
  (SELECT json_build_object('id', c."id", 'visitorId', c."visitorId", 'channelId', c."channelId",
      'assigneeId', c."assigneeId", 'translateTo', c."translateTo",
      'participantIds', (SELECT coalesce(json_agg(p."userId"), '[]'::json) FROM "Participant" p
        WHERE p."conversationId" = c."id" AND p."accountId" = $1 AND p."leftAt" IS NULL))
    FROM "Conversation" c
    WHERE c."accountId" = $1 AND c."visitorId" = $2 AND c."channelId" = $3 AND c."status" = 'open'
      AND c."kind" = 'visitor'
    ORDER BY c."startedAt" DESC LIMIT 1) AS "conversation",
  (SELECT m."id" FROM "Message" m
    WHERE m."accountId" = $1 AND m."authorVisitorId" = $2 AND m."clientId" = $4 LIMIT 1) AS "existingId",
  (SELECT coalesce(json_agg(json_build_object('visitorId', b."visitorId", 'ip', b."ip")), '[]'::json) FROM "Ban" b
    WHERE b."accountId" = $1 AND b."liftedAt" IS NULL AND (b."expiresAt" IS NULL OR b."expiresAt" > $5::timestamp(3))
      AND (b."visitorId" = $2 OR b."ip" IS NOT NULL)) AS "bans"`,

  agentChat: `SELECT
  (SELECT json_build_object('id', c."id", 'visitorId', c."visitorId", 'channelId', c."channelId",
      'status', c."status", 'translateTo', c."translateTo",
      'participantIds', (SELECT coalesce(json_agg(p."userId"), '[]'::json) FROM "Participant" p
        WHERE p."conversationId" = c."id" AND p."accountId" = $1 AND p."leftAt" IS NULL),
      'viaPlugin', EXISTS (SELECT 1 FROM "PluginInstall" i WHERE i."channelId" = c."channelId" AND i."accountId" = $1))
    FROM "Conversation" c WHERE c."id" = $2 AND c."accountId" = $1 AND c."kind" = 'visitor') AS "conversation",
  (SELECT m."id" FROM "Message" m
    WHERE m."conversationId" = $2 AND m."accountId" = $1 AND m."clientId" = $4) AS "existingId",
  (SELECT json_build_object('id', u."id", 'name', u."name", 'avatarKey', u."avatarKey") FROM "User" u
    WHERE u."id" = $3 AND u."accountId" = $1) AS "author"`,

  messageById: `SELECT ${postgresMessageColumns} FROM "Message" WHERE "id" = $1 AND "accountId" = $2`,

  insertMessage: `INSERT INTO "Message" ("id", "accountId", "conversationId", "authorType", "authorUserId",
  "authorVisitorId", "body", "clientId", "createdAt")
  VALUES ($1, $2, $3, $4::"AuthorType", $5, $6, $7, $8, $9::timestamp(3))`,

  touchConversation: `UPDATE "Conversation" SET "lastMessageAt" = $1::timestamp(3) WHERE "id" = $2 AND "accountId" = $3`,

  markRead: `UPDATE "Participant" SET "lastReadAt" = $1::timestamp(3)
  WHERE "conversationId" = $2 AND "userId" = $3 AND "accountId" = $4`,

  insertEvents: (n: number) =>
    `INSERT INTO "LiveEvent" ("accountId", "topic", "payload", "createdAt") VALUES ${Array.from(
      { length: n },
      (_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}::jsonb, $${i * 4 + 4}::timestamp(3))`,
    ).join(', ')} RETURNING "id"`,
};
