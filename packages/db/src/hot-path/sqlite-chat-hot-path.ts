import type BetterSqlite3 from 'better-sqlite3';
import type {
  AcceptChatState,
  AgentChatState,
  ChatHotPath,
  HotPathOutcome,
  HotPathPlan,
  NewConversation,
  NewEvent,
  NewMessage,
  StoredMessage,
  VisitorChatState,
} from './chat-hot-path';
import {
  readAcceptChatState,
  readAgentConversation,
  readAuthor,
  readBans,
  readChatRequestContext,
  readVisitorConversation,
  readVisitorTyping,
  sqliteTime,
  toStoredMessage,
} from './rows';
import { newVisitorArgs, sqliteSql } from './sql';
import { uuid7 } from './uuid7';

export interface SqliteHotPathOptions {
  /** The better-sqlite3 connection Prisma's adapter uses (one writer: the same file, the same lock). */
  connection: BetterSqlite3.Database;
  /** Resolves when a Prisma transaction on the connection has ended (see client.ts). */
  transactionEnded(): Promise<void>;
  /** Counts statements for the statement budgets (BEGIN and COMMIT included). */
  onStatements(count: number): void;
  /** Transactions asked for in the same turn of the event loop share one commit (default: on). */
  groupCommit?: boolean;
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

  const insertEvents = (accountId: string, events: NewEvent[], at: string) => {
    if (events.length === 0) return [];
    counted++;
    const rows = statement(sqliteSql.insertEvents(events.length)).all(
      ...events.flatMap((e) => [accountId, e.topic, JSON.stringify(e.payload), at]),
    ) as { id: number }[];
    // Ids grow in insertion order; RETURNING's row order is not promised, so sort.
    return rows.map((r) => r.id).sort((a, b) => a - b);
  };

  const insertMessage = (accountId: string, message: NewMessage, at: string) =>
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
      message.kind ?? 'text',
      message.meta === undefined || message.meta === null ? null : JSON.stringify(message.meta),
    );

  const write = (
    accountId: string,
    conversation: NewConversation | undefined,
    message: NewMessage,
    readBy: string | undefined,
    events: NewEvent[],
  ) => {
    const at = sqliteTime(message.createdAt);
    if (conversation) {
      run(
        sqliteSql.insertConversation,
        conversation.id,
        accountId,
        conversation.channelId,
        conversation.visitorId,
        conversation.invitationText,
        at,
      );
    }
    insertMessage(accountId, message, at);
    // A new conversation starts with the message's time already.
    if (!conversation) run(sqliteSql.touchConversation, at, message.conversationId, accountId);
    if (readBy) run(sqliteSql.markRead, at, message.conversationId, readBy, accountId);
    return insertEvents(accountId, events, at);
  };

  const begin = () => statement('BEGIN IMMEDIATE');
  const commit = () => statement('COMMIT');
  const rollback = () => statement('ROLLBACK');

  /** Runs `work` in one transaction on the connection once Prisma has none open there. */
  async function alone<T>(work: () => T): Promise<T> {
    while (connection.inTransaction) await options.transactionEnded();
    counted = 2;
    begin().run();
    try {
      const value = work();
      commit().run();
      return value;
    } catch (err) {
      if (connection.inTransaction) rollback().run();
      throw err;
    } finally {
      options.onStatements(counted);
    }
  }

  // Group commit: the transactions asked for while the event loop handles one round of I/O (under load,
  // many sockets' frames) run in one SQLite transaction, each in its own savepoint, and each caller
  // hears of its own only after the COMMIT. A commit writes every page it changed to the WAL, and
  // consecutive messages change the same pages (the rightmost leaves of the time-ordered ids, the
  // event log, the search index), so a group writes them once. Alone (no load, the tests' sequential
  // calls) it is the plain transaction above, statement for statement.
  type Job = { work: () => unknown; resolve: (value: unknown) => void; reject: (err: unknown) => void };
  let queue: Job[] = [];
  let flushing = false;
  let groupCommit = options.groupCommit ?? true;
  const savepoint = () => statement('SAVEPOINT hot_path');
  const release = () => statement('RELEASE hot_path');
  const rollbackTo = () => statement('ROLLBACK TO hot_path');

  async function flush() {
    while (connection.inTransaction) await options.transactionEnded();
    const jobs = queue;
    queue = [];
    flushing = false;
    if (jobs.length === 1) {
      const job = jobs[0] as Job;
      alone(job.work).then(job.resolve, job.reject);
      return;
    }
    const outcomes: { ok: boolean; value: unknown }[] = [];
    counted = 2;
    try {
      begin().run();
      for (const job of jobs) {
        counted += 2;
        savepoint().run();
        try {
          outcomes.push({ ok: true, value: job.work() });
          release().run();
        } catch (err) {
          // This job's writes go; the others' stay.
          counted += 1;
          rollbackTo().run();
          release().run();
          outcomes.push({ ok: false, value: err });
        }
      }
      commit().run();
    } catch (err) {
      if (connection.inTransaction) rollback().run();
      for (const job of jobs) job.reject(err);
      return;
    } finally {
      options.onStatements(counted);
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i] as { ok: boolean; value: unknown };
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.value);
    });
  }

  function transaction<T>(work: () => T): Promise<T> {
    if (!groupCommit) return alone(work);
    return new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!flushing) {
        flushing = true;
        setImmediate(() => {
          flush().catch((err) => {
            for (const job of queue.splice(0)) job.reject(err);
          });
        });
      }
    });
  }

  function inTransaction<S, R>(
    accountId: string,
    read: () => S,
    plan: (state: S) => HotPathPlan<R>,
  ): Promise<HotPathOutcome<R>> {
    return transaction(() => {
      const decided = plan(read());
      const w = decided.write;
      const eventIds = w ? write(accountId, w.conversation, w.message, w.readBy, w.events) : [];
      return { result: decided.result, eventIds };
    });
  }

  return {
    newVisitor(w) {
      // A write: it joins the group commit like a message.
      return transaction(() => {
        const at = sqliteTime(w.now);
        const seq = get(sqliteSql.nextVisitorNumber, w.accountId, w.channelTopic);
        if (!seq) throw new Error(`account ${w.accountId} not found`);
        const number = Number(seq.visitorSeq);
        for (const [name, args] of newVisitorArgs(w, number, at)) run(sqliteSql[name], ...args);
        return {
          number,
          newestEventId: Number(seq.newestEventId),
          eventIds: insertEvents(w.accountId, w.events(number), at),
        };
      });
    },
    setGroupCommit(on) {
      groupCommit = on;
    },
    touchVisit(key) {
      // A write: it joins the group commit like a message.
      return transaction(() => {
        const row = get(
          sqliteSql.touchVisit,
          key.accountId,
          key.visitorId,
          key.channelId,
          sqliteTime(key.now),
        );
        return (row?.id as string | undefined) ?? null;
      });
    },
    async visitorTyping(key) {
      while (connection.inTransaction) await options.transactionEnded();
      counted = 0;
      const row = get(
        sqliteSql.visitorTyping,
        key.accountId,
        key.visitorId,
        key.channelId,
        sqliteTime(key.now),
      );
      options.onStatements(counted);
      return readVisitorTyping(row);
    },
    async visitorIdentity(channelId, externalId) {
      // Not inside a Prisma transaction that is open on the connection: it could see rows it rolls back.
      while (connection.inTransaction) await options.transactionEnded();
      counted = 0;
      const row = get(sqliteSql.visitorIdentity, channelId, externalId);
      options.onStatements(counted);
      return row
        ? {
            visitorId: row.visitorId as string,
            accountId: row.accountId as string,
            channelEnabled: Boolean(row.channelEnabled),
          }
        : null;
    },
    async newestEventId(accountId, topics) {
      if (topics.length === 0) return 0;
      while (connection.inTransaction) await options.transactionEnded();
      const row = statement(sqliteSql.newestEventId(topics.length)).get(
        ...topics.flatMap((topic) => [accountId, topic]),
      ) as { id: number } | undefined;
      options.onStatements(1);
      return Number(row?.id ?? 0);
    },
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
          const conversation = readVisitorConversation(row?.conversation);
          const existing = storedMessage(key.accountId, row?.existingId as string | null);
          const state: VisitorChatState = { conversation, existing, bans: readBans(row?.bans) };
          // A chat request (no open chat, or nobody took it): what its summary and routing need.
          if (!existing && !conversation?.assigneeId) {
            state.request = readChatRequestContext(
              get(
                sqliteSql.chatRequestContext,
                key.accountId,
                key.visitorId,
                key.channelId,
                conversation?.id ?? null,
              ),
            );
          }
          return state;
        },
        plan,
      );
    },
    acceptChat(key, plan) {
      return transaction(() => {
        const state: AcceptChatState = readAcceptChatState(
          get(sqliteSql.acceptChat, key.accountId, key.conversationId, key.userId),
        );
        const decided = plan(state);
        if (!decided.write) return { result: decided.result, eventIds: [] };
        const { message, events } = decided.write;
        const at = sqliteTime(message.createdAt);
        const taken = run(sqliteSql.takeConversation, key.userId, at, key.conversationId, key.accountId);
        if (taken.changes !== 1) throw key.taken();
        run(
          sqliteSql.joinConversation,
          uuid7(message.createdAt.getTime()),
          key.accountId,
          key.conversationId,
          key.userId,
          at,
        );
        insertMessage(key.accountId, message, at);
        return { result: decided.result, eventIds: insertEvents(key.accountId, events, at) };
      });
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
