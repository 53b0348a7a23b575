import type { NewVisitorWrite } from './chat-hot-path';

/**
 * The hot path's SQL for both databases, side by side so that a change to one is seen next to the
 * other. SQLite takes `@pN` parameters (given as `{ pN }`), PostgreSQL `$N`; the column lists are the same.
 */

const messageColumns = `"id", "accountId", "conversationId", "authorType", "authorUserId", "authorVisitorId",
  "kind", "body", "meta", "clientId", "externalId", "deliveryStatus", "deliveryError", "createdAt", "editedAt",
  "deletedAt"`;

/** The tags of conversation alias `c`, as a JSON array. */
const sqliteTags = (
  c: string,
) => `(SELECT json_group_array(json_object('id', t."id", 'name', t."name", 'color', t."color"))
  FROM "ConversationTag" ct JOIN "Tag" t ON t."id" = ct."tagId"
  WHERE ct."conversationId" = ${c}."id" AND +ct."accountId" = @p1)`;
const sqliteChannel = (
  channelId: string,
) => `(SELECT json_object('id', ch."id", 'name', ch."name") FROM "Channel" ch
    WHERE ch."id" = ${channelId} AND ch."accountId" = @p1)`;
const sqliteChannelAgents = (channelId: string) => `(SELECT json_group_array(a."userId") FROM "ChannelAgent" a
    WHERE a."channelId" = ${channelId} AND +a."accountId" = @p1)`;
/** The visitor with their latest visit (any channel) and its latest page, as `toVisitorBrief` reads them. */
const sqliteVisitorBrief = (
  visitorId: string,
) => `(SELECT json_object('id', v."id", 'number', v."number", 'name', v."name",
      'email', v."email", 'city', v."city", 'country', v."country",
      'visit', json((SELECT json_object('endedAt', vi."endedAt", 'lastActiveAt', vi."lastActiveAt",
          'page', json((SELECT json_object('url', pv."url", 'title', pv."title") FROM "PageView" pv
            WHERE pv."visitId" = vi."id" ORDER BY pv."at" DESC LIMIT 1)))
        FROM "Visit" vi WHERE vi."visitorId" = v."id" ORDER BY vi."startedAt" DESC LIMIT 1)))
    FROM "Visitor" v WHERE v."id" = ${visitorId} AND v."accountId" = @p1)`;

/** What a visit stores about where the visitor came from and with what (widget.start's first page). */
export const VISIT_TRACKING_COLUMNS = [
  'ip',
  'userAgent',
  'browser',
  'os',
  'device',
  'country',
  'city',
  'isp',
  'referrer',
  'searchEngine',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
] as const;

/**
 * A new visitor's rows (widget.start), in the order written; `p(n)` spells the n-th parameter and
 * `time(n)` a time parameter in the database's dialect.
 */
const newVisitorSql = (p: (n: number) => string, time: (n: number) => string) => ({
  /**
   * p1 account, p2 the channel's topic: the account's next visitor number, and where the new
   * visitor's widget stream starts (the newest event of the channel's topic: the visitor's own topic
   * has none yet). Read before the transaction writes its event, as widget.start reads it before the
   * conversation: what comes after reaches the stream.
   */
  nextVisitorNumber: `UPDATE "Account" SET "visitorSeq" = "visitorSeq" + 1 WHERE "id" = ${p(1)}
  RETURNING "visitorSeq", (SELECT coalesce(max(e."id"), 0) FROM "LiveEvent" e
    WHERE e."accountId" = ${p(1)} AND e."topic" = ${p(2)}) AS "newestEventId"`,
  /** p1 id, p2 account, p3 number, p4 locale, p5 city, p6 country, p7 now. */
  insertVisitor: `INSERT INTO "Visitor" ("id", "accountId", "number", "locale", "city", "country", "visitCount",
    "firstSeenAt", "lastSeenAt", "createdAt", "updatedAt")
  VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, 1, ${time(7)}, ${time(7)}, ${time(7)}, ${time(7)})`,
  /** p1 id, p2 account, p3 visitor, p4 channel, p5 identity, p6 now. */
  insertIdentity: `INSERT INTO "VisitorIdentity" ("id", "accountId", "visitorId", "channelId", "externalId", "createdAt")
  VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${time(6)})`,
  /** p1 id, p2 account, p3 visitor, p4 channel, p5 now, then the tracking columns in their order. */
  insertVisit: `INSERT INTO "Visit" ("id", "accountId", "visitorId", "channelId", "number", "pageCount",
    "startedAt", "lastActiveAt", ${VISIT_TRACKING_COLUMNS.map((c) => `"${c}"`).join(', ')})
  VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 1, 1, ${time(5)}, ${time(5)}, ${VISIT_TRACKING_COLUMNS.map((_, i) => p(i + 6)).join(', ')})`,
  /** p1 id, p2 account, p3 visit, p4 url, p5 title, p6 now. */
  insertPageView: `INSERT INTO "PageView" ("id", "accountId", "visitId", "url", "title", "at")
  VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${time(6)})`,
});

/**
 * The parameters of `newVisitorSql`'s inserts, in statement order (after `nextVisitorNumber`), with
 * `at` the time as the database's driver takes it.
 */
export function newVisitorArgs(
  w: NewVisitorWrite,
  number: number,
  at: string,
): [Exclude<keyof ReturnType<typeof newVisitorSql>, 'nextVisitorNumber'>, unknown[]][] {
  const { accountId, channelId, visitor, identity, visit, pageView } = w;
  return [
    ['insertVisitor', [visitor.id, accountId, number, visitor.locale, visitor.city, visitor.country, at]],
    ['insertIdentity', [identity.id, accountId, visitor.id, channelId, identity.externalId, at]],
    [
      'insertVisit',
      [visit.id, accountId, visitor.id, channelId, at, ...VISIT_TRACKING_COLUMNS.map((c) => visit[c])],
    ],
    ['insertPageView', [pageView.id, accountId, visit.id, pageView.url, pageView.title, at]],
  ];
}

/*
 * SQLite plans without statistics (a young database, or before `PRAGMA optimize` first ran): given
 * `accountId = ?` and a selective key (a visitor, a conversation, an agent), the planner may take an
 * account-wide index instead — one that also serves ORDER BY — and walk every conversation of the
 * account per message. A unary `+` keeps a tenancy guard (and low-selectivity status/kind terms) out of
 * index choice; `hot-path-plans.integration.test.ts` checks every statement's plan.
 */
export const sqliteSql = {
  ...newVisitorSql(
    (n) => `@p${n}`,
    (n) => `@p${n}`,
  ),

  /** @p1 channel, @p2 identity (a token's digest): the token names no account, the channel does. */
  visitorIdentity: `SELECT i."visitorId", i."accountId",
    (c."enabled" AND a."suspendedAt" IS NULL) AS "channelEnabled"
  FROM "VisitorIdentity" i JOIN "Channel" c ON c."id" = i."channelId" JOIN "Account" a ON a."id" = c."accountId"
  WHERE i."channelId" = @p1 AND i."externalId" = @p2`,

  /** @p1 account, @p2 visitor, @p3 channel, @p4 clientId, @p5 now (ISO, as Prisma stores it). */
  visitorChat: `SELECT
  (SELECT json_object('id', c."id", 'visitorId', c."visitorId", 'channelId', c."channelId",
      'assigneeId', c."assigneeId", 'translateTo', c."translateTo",
      'participantIds', json((SELECT json_group_array(p."userId") FROM "Participant" p
        WHERE p."conversationId" = c."id" AND p."accountId" = @p1 AND p."leftAt" IS NULL)))
    FROM "Conversation" c
    WHERE +c."accountId" = @p1 AND c."visitorId" = @p2 AND c."channelId" = @p3 AND +c."status" = 'open'
      AND +c."kind" = 'visitor'
    ORDER BY +c."startedAt" DESC LIMIT 1) AS "conversation",
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

  /** @p1 account, @p2 visitor, @p3 channel, @p4 now (ISO). */
  touchVisit: `UPDATE "Visit" SET "lastActiveAt" = @p4
  WHERE "id" = (SELECT v."id" FROM "Visit" v WHERE v."visitorId" = @p2 AND v."channelId" = @p3 AND v."accountId" = @p1
      ORDER BY v."startedAt" DESC LIMIT 1)
    AND "accountId" = @p1 AND "endedAt" IS NULL
  RETURNING "id"`,

  /** @p1 account, @p2 visitor, @p3 channel, @p4 now (ISO). */
  visitorTyping: `SELECT
  (SELECT json_object('id', c."id", 'channelId', c."channelId",
      'participantIds', json((SELECT json_group_array(p."userId") FROM "Participant" p
        WHERE p."conversationId" = c."id" AND p."accountId" = @p1 AND p."leftAt" IS NULL)))
    FROM "Conversation" c
    WHERE +c."accountId" = @p1 AND c."visitorId" = @p2 AND c."channelId" = @p3 AND +c."status" = 'open'
      AND +c."kind" = 'visitor'
    ORDER BY +c."startedAt" DESC LIMIT 1) AS "conversation",
  ${sqliteChannelAgents('@p3')} AS "channelAgentIds",
  (SELECT json_group_array(json_object('visitorId', b."visitorId", 'ip', b."ip")) FROM "Ban" b
    WHERE b."accountId" = @p1 AND b."liftedAt" IS NULL AND (b."expiresAt" IS NULL OR b."expiresAt" > @p4)
      AND (b."visitorId" = @p2 OR b."ip" IS NOT NULL)) AS "bans"`,

  /** @p1 account, @p2 visitor, @p3 channel, @p4 the open conversation (or null). */
  chatRequestContext: `SELECT
  (SELECT json_object('invitationText', c."invitationText", 'title', c."title", 'origin', c."origin",
      'startedAt', c."startedAt", 'tags', json(${sqliteTags('c')}))
    FROM "Conversation" c WHERE c."id" = @p4 AND c."accountId" = @p1) AS "conversation",
  ${sqliteChannel('@p3')} AS "channel",
  ${sqliteChannelAgents('@p3')} AS "channelAgentIds",
  (SELECT json_group_array(u."id") FROM "User" u
    WHERE u."accountId" = @p1 AND u."presence" = 'online' AND u."disabledAt" IS NULL
      AND (NOT EXISTS (SELECT 1 FROM "ChannelAgent" a WHERE a."channelId" = @p3 AND +a."accountId" = @p1)
        OR EXISTS (SELECT 1 FROM "ChannelAgent" a
          WHERE a."channelId" = @p3 AND a."accountId" = @p1 AND a."userId" = u."id"))
      AND (u."maxConcurrentChats" IS NULL OR u."maxConcurrentChats" > (SELECT count(*) FROM "Conversation" o
        WHERE +o."accountId" = @p1 AND o."assigneeId" = u."id" AND +o."status" = 'open' AND +o."kind" = 'visitor'))
  ) AS "onlineAgentIds",
  ${sqliteVisitorBrief('@p2')} AS "visitor"`,

  /** @p1 account, @p2 conversation, @p3 the accepting agent. */
  acceptChat: `SELECT
  (SELECT json_object('id', c."id", 'visitorId', c."visitorId", 'channelId', c."channelId", 'status', c."status",
      'assigneeId', c."assigneeId", 'invitationText', c."invitationText", 'title', c."title",
      'origin', c."origin", 'translateTo', c."translateTo", 'startedAt', c."startedAt",
      'lastMessageAt', c."lastMessageAt",
      'participantIds', json((SELECT json_group_array(p."userId") FROM "Participant" p
        WHERE p."conversationId" = c."id" AND p."accountId" = @p1 AND p."leftAt" IS NULL)),
      'tags', json(${sqliteTags('c')}))
    FROM "Conversation" c WHERE c."id" = @p2 AND c."accountId" = @p1 AND c."kind" = 'visitor') AS "conversation",
  ${sqliteChannel('(SELECT c."channelId" FROM "Conversation" c WHERE c."id" = @p2 AND c."accountId" = @p1)')} AS "channel",
  ${sqliteChannelAgents('(SELECT c."channelId" FROM "Conversation" c WHERE c."id" = @p2 AND c."accountId" = @p1)')} AS "channelAgentIds",
  (SELECT json_object('id', u."id", 'name', u."name", 'avatarKey', u."avatarKey") FROM "User" u
    WHERE u."id" = @p3 AND u."accountId" = @p1) AS "agent",
  ${sqliteVisitorBrief('(SELECT c."visitorId" FROM "Conversation" c WHERE c."id" = @p2 AND c."accountId" = @p1)')} AS "visitor",
  (SELECT json_object('body', m."body", 'authorType', m."authorType", 'createdAt', m."createdAt",
      'agent', json((SELECT json_object('id', u."id", 'name', u."name") FROM "User" u WHERE u."id" = m."authorUserId")))
    FROM "Message" m WHERE m."conversationId" = @p2 AND m."accountId" = @p1 AND m."kind" IN ('text', 'file', 'gif')
    ORDER BY m."createdAt" DESC, m."id" DESC LIMIT 1) AS "lastMessage"`,

  messageById: `SELECT ${messageColumns} FROM "Message" WHERE "id" = @p1 AND "accountId" = @p2`,

  /** @p10 kind, @p11 meta (JSON text or null). */
  insertMessage: `INSERT INTO "Message" ("id", "accountId", "conversationId", "authorType", "authorUserId",
  "authorVisitorId", "kind", "body", "clientId", "deliveryStatus", "createdAt", "meta")
  VALUES (@p1, @p2, @p3, @p4, @p5, @p6, @p10, @p7, @p8, 'sent', @p9, @p11)`,

  /** @p1 id, @p2 account, @p3 channel, @p4 visitor, @p5 invitation text, @p6 now. */
  insertConversation: `INSERT INTO "Conversation" ("id", "accountId", "kind", "status", "channelId", "visitorId",
  "invitationText", "origin", "startedAt", "lastMessageAt")
  VALUES (@p1, @p2, 'visitor', 'open', @p3, @p4, @p5, 'widget', @p6, @p6)`,

  /** @p1 agent, @p2 now, @p3 conversation, @p4 account: nothing changes when someone took it first. */
  takeConversation: `UPDATE "Conversation" SET "assigneeId" = @p1, "lastMessageAt" = @p2
  WHERE "id" = @p3 AND "accountId" = @p4 AND "assigneeId" IS NULL AND "status" = 'open'`,

  /** @p1 id, @p2 account, @p3 conversation, @p4 agent, @p5 now. */
  joinConversation: `INSERT INTO "Participant" ("id", "accountId", "conversationId", "userId", "joinedAt", "lastReadAt")
  VALUES (@p1, @p2, @p3, @p4, @p5, @p5)
  ON CONFLICT ("conversationId", "userId") DO UPDATE SET "leftAt" = NULL, "lastReadAt" = excluded."lastReadAt"`,

  touchConversation: `UPDATE "Conversation" SET "lastMessageAt" = @p1 WHERE "id" = @p2 AND "accountId" = @p3`,

  markRead: `UPDATE "Participant" SET "lastReadAt" = @p1
  WHERE "conversationId" = @p2 AND "userId" = @p3 AND "accountId" = @p4`,

  /** n rows of (accountId, topic, payload, createdAt). */
  insertEvents: (n: number) =>
    `INSERT INTO "LiveEvent" ("accountId", "topic", "payload", "createdAt") VALUES ${Array.from(
      { length: n },
      () => '(?, ?, ?, ?)',
    ).join(', ')} RETURNING "id"`,

  /** (accountId, topic) for each of n topics: the newest event id over them, 0 when none. */
  newestEventId: (n: number) =>
    `SELECT coalesce(max("m"), 0) AS "id" FROM (${Array.from(
      { length: n },
      () => `SELECT (SELECT max("id") FROM "LiveEvent" WHERE "accountId" = ? AND "topic" = ?) AS "m"`,
    ).join(' UNION ALL ')})`,
};

/** node-postgres would read `timestamp` columns in the process's local zone: as text, they are UTC. */
const postgresMessageColumns = messageColumns
  .replace('"createdAt", "editedAt",', '"createdAt"::text AS "createdAt", "editedAt"::text AS "editedAt",')
  .replace('"deletedAt"', '"deletedAt"::text AS "deletedAt"');

const postgresTags = (
  c: string,
) => `(SELECT coalesce(json_agg(json_build_object('id', t."id", 'name', t."name",
    'color', t."color")), '[]'::json)
  FROM "ConversationTag" ct JOIN "Tag" t ON t."id" = ct."tagId"
  WHERE ct."conversationId" = ${c}."id" AND ct."accountId" = $1)`;
const postgresChannel = (channelId: string) => `(SELECT json_build_object('id', ch."id", 'name', ch."name")
    FROM "Channel" ch WHERE ch."id" = ${channelId} AND ch."accountId" = $1)`;
const postgresChannelAgents = (channelId: string) => `(SELECT coalesce(json_agg(a."userId"), '[]'::json)
    FROM "ChannelAgent" a WHERE a."channelId" = ${channelId} AND a."accountId" = $1)`;
const postgresVisitorBrief = (
  visitorId: string,
) => `(SELECT json_build_object('id', v."id", 'number', v."number",
      'name', v."name", 'email', v."email", 'city', v."city", 'country', v."country",
      'visit', (SELECT json_build_object('endedAt', vi."endedAt", 'lastActiveAt', vi."lastActiveAt",
          'page', (SELECT json_build_object('url', pv."url", 'title', pv."title") FROM "PageView" pv
            WHERE pv."visitId" = vi."id" ORDER BY pv."at" DESC LIMIT 1))
        FROM "Visit" vi WHERE vi."visitorId" = v."id" ORDER BY vi."startedAt" DESC LIMIT 1))
    FROM "Visitor" v WHERE v."id" = ${visitorId} AND v."accountId" = $1)`;

export const postgresSql = {
  ...newVisitorSql(
    (n) => `$${n}`,
    (n) => `$${n}::timestamp(3)`,
  ),

  visitorIdentity: `SELECT i."visitorId", i."accountId",
    (c."enabled" AND a."suspendedAt" IS NULL) AS "channelEnabled"
  FROM "VisitorIdentity" i JOIN "Channel" c ON c."id" = i."channelId" JOIN "Account" a ON a."id" = c."accountId"
  WHERE i."channelId" = $1 AND i."externalId" = $2`,

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

  touchVisit: `UPDATE "Visit" SET "lastActiveAt" = $4::timestamp(3)
  WHERE "id" = (SELECT v."id" FROM "Visit" v WHERE v."visitorId" = $2 AND v."channelId" = $3 AND v."accountId" = $1
      ORDER BY v."startedAt" DESC LIMIT 1)
    AND "accountId" = $1 AND "endedAt" IS NULL
  RETURNING "id"`,

  visitorTyping: `SELECT
  (SELECT json_build_object('id', c."id", 'channelId', c."channelId",
      'participantIds', (SELECT coalesce(json_agg(p."userId"), '[]'::json) FROM "Participant" p
        WHERE p."conversationId" = c."id" AND p."accountId" = $1 AND p."leftAt" IS NULL))
    FROM "Conversation" c
    WHERE c."accountId" = $1 AND c."visitorId" = $2 AND c."channelId" = $3 AND c."status" = 'open'
      AND c."kind" = 'visitor'
    ORDER BY c."startedAt" DESC LIMIT 1) AS "conversation",
  ${postgresChannelAgents('$3')} AS "channelAgentIds",
  (SELECT coalesce(json_agg(json_build_object('visitorId', b."visitorId", 'ip', b."ip")), '[]'::json) FROM "Ban" b
    WHERE b."accountId" = $1 AND b."liftedAt" IS NULL AND (b."expiresAt" IS NULL OR b."expiresAt" > $4::timestamp(3))
      AND (b."visitorId" = $2 OR b."ip" IS NOT NULL)) AS "bans"`,

  chatRequestContext: `SELECT
  (SELECT json_build_object('invitationText', c."invitationText", 'title', c."title", 'origin', c."origin",
      'startedAt', c."startedAt", 'tags', ${postgresTags('c')})
    FROM "Conversation" c WHERE c."id" = $4 AND c."accountId" = $1) AS "conversation",
  ${postgresChannel('$3')} AS "channel",
  ${postgresChannelAgents('$3')} AS "channelAgentIds",
  (SELECT coalesce(json_agg(u."id"), '[]'::json) FROM "User" u
    WHERE u."accountId" = $1 AND u."presence" = 'online' AND u."disabledAt" IS NULL
      AND (NOT EXISTS (SELECT 1 FROM "ChannelAgent" a WHERE a."channelId" = $3 AND a."accountId" = $1)
        OR EXISTS (SELECT 1 FROM "ChannelAgent" a
          WHERE a."channelId" = $3 AND a."accountId" = $1 AND a."userId" = u."id"))
      AND (u."maxConcurrentChats" IS NULL OR u."maxConcurrentChats" > (SELECT count(*) FROM "Conversation" o
        WHERE o."accountId" = $1 AND o."assigneeId" = u."id" AND o."status" = 'open' AND o."kind" = 'visitor'))
  ) AS "onlineAgentIds",
  ${postgresVisitorBrief('$2')} AS "visitor"`,

  acceptChat: `SELECT
  (SELECT json_build_object('id', c."id", 'visitorId', c."visitorId", 'channelId', c."channelId", 'status', c."status",
      'assigneeId', c."assigneeId", 'invitationText', c."invitationText", 'title', c."title",
      'origin', c."origin", 'translateTo', c."translateTo", 'startedAt', c."startedAt",
      'lastMessageAt', c."lastMessageAt",
      'participantIds', (SELECT coalesce(json_agg(p."userId"), '[]'::json) FROM "Participant" p
        WHERE p."conversationId" = c."id" AND p."accountId" = $1 AND p."leftAt" IS NULL),
      'tags', ${postgresTags('c')})
    FROM "Conversation" c WHERE c."id" = $2 AND c."accountId" = $1 AND c."kind" = 'visitor') AS "conversation",
  ${postgresChannel('(SELECT c."channelId" FROM "Conversation" c WHERE c."id" = $2 AND c."accountId" = $1)')} AS "channel",
  ${postgresChannelAgents('(SELECT c."channelId" FROM "Conversation" c WHERE c."id" = $2 AND c."accountId" = $1)')} AS "channelAgentIds",
  (SELECT json_build_object('id', u."id", 'name', u."name", 'avatarKey', u."avatarKey") FROM "User" u
    WHERE u."id" = $3 AND u."accountId" = $1) AS "agent",
  ${postgresVisitorBrief('(SELECT c."visitorId" FROM "Conversation" c WHERE c."id" = $2 AND c."accountId" = $1)')} AS "visitor",
  (SELECT json_build_object('body', m."body", 'authorType', m."authorType", 'createdAt', m."createdAt",
      'agent', (SELECT json_build_object('id', u."id", 'name', u."name") FROM "User" u WHERE u."id" = m."authorUserId"))
    FROM "Message" m WHERE m."conversationId" = $2 AND m."accountId" = $1 AND m."kind" IN ('text', 'file', 'gif')
    ORDER BY m."createdAt" DESC, m."id" DESC LIMIT 1) AS "lastMessage"`,

  messageById: `SELECT ${postgresMessageColumns} FROM "Message" WHERE "id" = $1 AND "accountId" = $2`,

  insertMessage: `INSERT INTO "Message" ("id", "accountId", "conversationId", "authorType", "authorUserId",
  "authorVisitorId", "body", "clientId", "createdAt", "kind", "meta")
  VALUES ($1, $2, $3, $4::"AuthorType", $5, $6, $7, $8, $9::timestamp(3), $10::"MessageKind", $11::jsonb)`,

  insertConversation: `INSERT INTO "Conversation" ("id", "accountId", "kind", "status", "channelId", "visitorId",
  "invitationText", "origin", "startedAt", "lastMessageAt")
  VALUES ($1, $2, 'visitor', 'open', $3, $4, $5, 'widget', $6::timestamp(3), $6::timestamp(3))`,

  takeConversation: `UPDATE "Conversation" SET "assigneeId" = $1, "lastMessageAt" = $2::timestamp(3)
  WHERE "id" = $3 AND "accountId" = $4 AND "assigneeId" IS NULL AND "status" = 'open'`,

  joinConversation: `INSERT INTO "Participant" ("id", "accountId", "conversationId", "userId", "joinedAt", "lastReadAt")
  VALUES ($1, $2, $3, $4, $5::timestamp(3), $5::timestamp(3))
  ON CONFLICT ("conversationId", "userId") DO UPDATE SET "leftAt" = NULL, "lastReadAt" = excluded."lastReadAt"`,

  touchConversation: `UPDATE "Conversation" SET "lastMessageAt" = $1::timestamp(3) WHERE "id" = $2 AND "accountId" = $3`,

  markRead: `UPDATE "Participant" SET "lastReadAt" = $1::timestamp(3)
  WHERE "conversationId" = $2 AND "userId" = $3 AND "accountId" = $4`,

  insertEvents: (n: number) =>
    `INSERT INTO "LiveEvent" ("accountId", "topic", "payload", "createdAt") VALUES ${Array.from(
      { length: n },
      (_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}::jsonb, $${i * 4 + 4}::timestamp(3))`,
    ).join(', ')} RETURNING "id"`,

  /** $1 account, $2… the topics: the newest event id over them, 0 when none. */
  newestEventId: (n: number) =>
    `SELECT coalesce(max("m"), 0)::int AS "id" FROM (${Array.from(
      { length: n },
      (_, i) =>
        `SELECT (SELECT max("id") FROM "LiveEvent" WHERE "accountId" = $1 AND "topic" = $${i + 2}) AS "m"`,
    ).join(' UNION ALL ')}) AS "newest"`,
};
