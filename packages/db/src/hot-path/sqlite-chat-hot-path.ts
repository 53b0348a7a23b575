import type BetterSqlite3 from 'better-sqlite3';
import type {
  AgentChatState,
  ChatHotPath,
  HotPathOutcome,
  HotPathPlan,
  NewEvent,
  NewMessage,
  StoredMessage,
  VisitorChatState,
} from './chat-hot-path';
import {
  readAgentConversation,
  readAuthor,
  readBans,
  readVisitorConversation,
  sqliteTime,
  toStoredMessage,
} from './rows';
import { sqliteSql } from './sql';

export interface SqliteHotPathOptions {
  /** The better-sqlite3 connection Prisma's adapter uses (one writer: the same file, the same lock). */
  connection: BetterSqlite3.Database;
  /** Resolves when a Prisma transaction on the connection has ended (see client.ts). */
  transactionEnded(): Promise<void>;
  /** Counts statements for the statement budgets (BEGIN and COMMIT included). */
  onStatements(count: number): void;
}

/**
 * The hot path on the SQLite connection Prisma uses. The whole transaction runs synchronously, so no
 * other query can land inside it; it starts only when Prisma has no transaction open on the
 * connection (an interactive one spans awaits), else its statements would join that transaction.
 */
export function createSqliteHotPath(options: SqliteHotPathOptions): ChatHotPath {
  const { connection } = options;
  // Prisma's adapter replaces `prepare` on the connection with its statement cache; these statements
  // are the hot path's own, compiled once with the original.
  const prepareOwn = Object.getPrototypeOf(connection).prepare as BetterSqlite3.Database['prepare'];
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statement = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      // Prisma's adapter turns safe integers on for the connection; ids and flags here fit a number.
      s = prepareOwn.call(connection, sql);
      if (s.reader) s.safeIntegers(false);
      statements.set(sql, s);
    }
    return s;
  };
  let counted = 0;
  /** The statements name their parameters `@p1`, `@p2`…, as PostgreSQL's `$1`, `$2`… */
  const named = (args: unknown[]) => Object.fromEntries(args.map((value, i) => [`p${i + 1}`, value]));
  const get = (sql: string, ...args: unknown[]) => {
    counted++;
    return statement(sql).get(named(args)) as Record<string, unknown> | undefined;
  };
  const run = (sql: string, ...args: unknown[]) => {
    counted++;
    return statement(sql).run(named(args));
  };

  const storedMessage = (accountId: string, id: string | null | undefined): StoredMessage | null => {
    if (!id) return null;
    const row = get(sqliteSql.messageById, id, accountId);
    return row ? toStoredMessage(row) : null;
  };

  const write = (accountId: string, message: NewMessage, readBy: string | undefined, events: NewEvent[]) => {
    const at = sqliteTime(message.createdAt);
    run(
      sqliteSql.insertMessage,
      message.id,
      accountId,
      message.conversationId,
      message.authorType,
      message.authorUserId,
      message.authorVisitorId,
      message.body,
      message.clientId,
      at,
    );
    run(sqliteSql.touchConversation, at, message.conversationId, accountId);
    if (readBy) run(sqliteSql.markRead, at, message.conversationId, readBy, accountId);
    if (events.length === 0) return [];
    counted++;
    const rows = statement(sqliteSql.insertEvents(events.length)).all(
      ...events.flatMap((e) => [accountId, e.topic, JSON.stringify(e.payload), at]),
    ) as { id: number }[];
    // Ids grow in insertion order; RETURNING's row order is not promised, so sort.
    return rows.map((r) => r.id).sort((a, b) => a - b);
  };

  const begin = () => statement('BEGIN IMMEDIATE');
  const commit = () => statement('COMMIT');
  const rollback = () => statement('ROLLBACK');

  async function inTransaction<S, R>(
    accountId: string,
    read: () => S,
    plan: (state: S) => HotPathPlan<R>,
  ): Promise<HotPathOutcome<R>> {
    while (connection.inTransaction) await options.transactionEnded();
    counted = 2;
    begin().run();
    try {
      const decided = plan(read());
      const eventIds = decided.write
        ? write(accountId, decided.write.message, decided.write.readBy, decided.write.events)
        : [];
      commit().run();
      return { result: decided.result, eventIds };
    } catch (err) {
      if (connection.inTransaction) rollback().run();
      throw err;
    } finally {
      options.onStatements(counted);
    }
  }

  return {
    visitorMessage(key, plan) {
      return inTransaction(
        key.accountId,
        (): VisitorChatState => {
          const row = get(
            sqliteSql.visitorChat,
            key.accountId,
            key.visitorId,
            key.channelId,
            key.clientId,
            sqliteTime(key.now),
          );
          return {
            conversation: readVisitorConversation(row?.conversation),
            existing: storedMessage(key.accountId, row?.existingId as string | null),
            bans: readBans(row?.bans),
          };
        },
        plan,
      );
    },
    agentMessage(key, plan) {
      return inTransaction(
        key.accountId,
        (): AgentChatState => {
          const row = get(sqliteSql.agentChat, key.accountId, key.conversationId, key.userId, key.clientId);
          return {
            conversation: readAgentConversation(row?.conversation),
            existing: storedMessage(key.accountId, row?.existingId as string | null),
            author: readAuthor(row?.author),
          };
        },
        plan,
      );
    },
  };
}
