import { allowRawSql, type Db, type DbProvider } from '@parley/db';

/**
 * Archive full-text search (B3): message bodies, the visitor's name and email, and the subject of
 * an email conversation. SQLite: an FTS5 table `MessageSearch` over Message.body kept by
 * triggers; PostgreSQL: a GIN index over to_tsvector('simple', body). Prisma's schema language cannot
 * describe either, so ensureSearchIndex creates them at start, idempotently, after migrations.
 */
const SQLITE_TRIGGERS = ['message_search_ai', 'message_search_ad', 'message_search_au'];

export async function ensureSearchIndex(db: Db, provider: DbProvider): Promise<void> {
  if (provider === 'postgresql') {
    await db.$executeRawUnsafe(
      `CREATE INDEX IF NOT EXISTS "Message_body_fts" ON "Message" USING GIN (to_tsvector('simple', "body"))`,
    );
    return;
  }
  const present = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (${SQLITE_TRIGGERS.map(() => '?').join(',')})`,
    ...SQLITE_TRIGGERS,
  );
  if (present.length === SQLITE_TRIGGERS.length) return;
  // A table rebuild by a later migration drops the triggers and renumbers rows: recreate and reindex.
  await db.$executeRawUnsafe(
    `CREATE VIRTUAL TABLE IF NOT EXISTS "MessageSearch" USING fts5(body, content='Message', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`,
  );
  await db.$executeRawUnsafe(`CREATE TRIGGER IF NOT EXISTS message_search_ai AFTER INSERT ON "Message" BEGIN
    INSERT INTO "MessageSearch"(rowid, body) VALUES (new.rowid, new.body); END`);
  await db.$executeRawUnsafe(`CREATE TRIGGER IF NOT EXISTS message_search_ad AFTER DELETE ON "Message" BEGIN
    INSERT INTO "MessageSearch"("MessageSearch", rowid, body) VALUES ('delete', old.rowid, old.body); END`);
  await db.$executeRawUnsafe(`CREATE TRIGGER IF NOT EXISTS message_search_au AFTER UPDATE OF body ON "Message" BEGIN
    INSERT INTO "MessageSearch"("MessageSearch", rowid, body) VALUES ('delete', old.rowid, old.body);
    INSERT INTO "MessageSearch"(rowid, body) VALUES (new.rowid, new.body); END`);
  await db.$executeRawUnsafe(`INSERT INTO "MessageSearch"("MessageSearch") VALUES ('rebuild')`);
}

/** Words of the query (letters and digits only), each matched as a prefix, all required. */
export function searchTerms(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

/**
 * Matches are capped to the most recent conversations: the id list then goes into one `IN (...)`
 * query, which SQLite and Prisma limit in size.
 */
export const SEARCH_LIMIT = 900;

/**
 * SQLite: a word found in a large share of a big history ("refund" in 25,000 of 1,000,000 messages)
 * costs one random Message read per hit. Reading the newest SEARCH_SCAN hits only (FTS5 walks rowids,
 * i.e. insertion order, backwards) finds the conversations of the most recent matches in ~30 ms instead
 * of ~150 ms. When that yields fewer than SEARCH_LIMIT conversations and the scan was cut short, the
 * full match set is read after all, so a rare word is never missed.
 */
export const SEARCH_SCAN = 5000;

export async function searchConversationIds(
  scopedDb: Db,
  provider: DbProvider,
  accountId: string,
  q: string,
): Promise<string[]> {
  // Full-text search is SQL Prisma cannot express; every statement below filters by the account.
  const db = allowRawSql(scopedDb);
  const terms = searchTerms(q);
  if (terms.length === 0) return [];
  const pattern = `%${terms.join(' ')}%`;
  if (provider === 'postgresql') {
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT c."id" FROM "Conversation" c
          WHERE c."accountId" = $1 AND (
            c."id" IN (SELECT m."conversationId" FROM "Message" m
                        WHERE m."accountId" = $1 AND m."kind" <> 'system'
                          AND to_tsvector('simple', m."body") @@ to_tsquery('simple', $2))
            OR c."title" ILIKE $3
            OR c."visitorId" IN (SELECT v."id" FROM "Visitor" v
                        WHERE v."accountId" = $1 AND (v."name" ILIKE $3 OR v."email" ILIKE $3)))
          ORDER BY c."lastMessageAt" DESC LIMIT ${SEARCH_LIMIT}`,
      accountId,
      terms.map((t) => `${t}:*`).join(' & '),
      pattern,
    );
    return rows.map((r) => r.id);
  }
  const match = terms.map((t) => `"${t}"*`).join(' ');
  const sqliteSearch = async (scan: number | null) => {
    const hits = scan
      ? `(SELECT rowid AS rid FROM "MessageSearch" WHERE "MessageSearch" MATCH ? ORDER BY rowid DESC LIMIT ${scan})`
      : `(SELECT rowid AS rid FROM "MessageSearch" WHERE "MessageSearch" MATCH ?)`;
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT c."id" FROM "Conversation" c
          WHERE c."accountId" = ? AND (
            c."id" IN (SELECT m."conversationId" FROM ${hits} h JOIN "Message" m ON m.rowid = h.rid
                        WHERE m."accountId" = ? AND m."kind" <> 'system')
            OR lower(c."title") LIKE ?
            OR c."visitorId" IN (SELECT v."id" FROM "Visitor" v
                        WHERE v."accountId" = ? AND (lower(v."name") LIKE ? OR lower(v."email") LIKE ?)))
          ORDER BY c."lastMessageAt" DESC LIMIT ${SEARCH_LIMIT}`,
      accountId,
      match,
      accountId,
      pattern,
      accountId,
      pattern,
      pattern,
    );
    return rows.map((r) => r.id);
  };
  const recent = await sqliteSearch(SEARCH_SCAN);
  if (recent.length >= SEARCH_LIMIT) return recent;
  const [counted] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
    `SELECT count(*) AS n FROM (SELECT rowid FROM "MessageSearch" WHERE "MessageSearch" MATCH ? LIMIT ${SEARCH_SCAN + 1})`,
    match,
  );
  return Number(counted?.n ?? 0) > SEARCH_SCAN ? sqliteSearch(null) : recent;
}
