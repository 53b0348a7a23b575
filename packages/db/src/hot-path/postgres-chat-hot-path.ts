import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type {
  AcceptChatState,
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
  postgresTime,
  readAcceptChatState,
  readAgentConversation,
  readAuthor,
  readBans,
  readChatRequestContext,
  readVisitorConversation,
  readVisitorTyping,
  toStoredMessage,
} from './rows';
import { newVisitorArgs, postgresSql } from './sql';
import { uuid7 } from './uuid7';

/** Named statements: each pooled connection parses and plans them once. */
const names = new Map<string, string>();
const nameOf = (sql: string) => {
  let name = names.get(sql);
  if (!name) {
    name = `parley_hot_${names.size}`;
    names.set(sql, name);
  }
  return name;
};

async function query<T extends QueryResultRow>(client: PoolClient, sql: string, values: unknown[]) {
  return (await client.query<T>({ name: nameOf(sql), text: sql, values })).rows;
}

/**
 * The hot path on the pool Prisma's adapter uses (the same connections, the same limit): one
 * transaction per message on one pooled connection.
 */
export function createPostgresHotPath(pool: Pool): ChatHotPath {
  const storedMessage = async (
    client: PoolClient,
    accountId: string,
    id: unknown,
  ): Promise<StoredMessage | null> => {
    if (typeof id !== 'string') return null;
    const [row] = await query(client, postgresSql.messageById, [id, accountId]);
    return row ? toStoredMessage(row) : null;
  };

  const insertMessage = (client: PoolClient, accountId: string, message: NewMessage, at: string) =>
    query(client, postgresSql.insertMessage, [
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
    ]);

  /** Last in a transaction: the commit-order trigger's per-account lock is held only for it and the commit. */
  const insertEvents = async (client: PoolClient, accountId: string, events: NewEvent[], at: string) => {
    if (events.length === 0) return [];
    const rows = await query<{ id: number }>(
      client,
      postgresSql.insertEvents(events.length),
      events.flatMap((e) => [accountId, e.topic, JSON.stringify(e.payload), at]),
    );
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  };

  async function transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        const value = await work(client);
        await client.query('COMMIT');
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  function inTransaction<S, R>(
    accountId: string,
    read: (client: PoolClient) => Promise<S>,
    plan: (state: S) => HotPathPlan<R>,
  ): Promise<HotPathOutcome<R>> {
    return transaction(async (client) => {
      const decided = plan(await read(client));
      if (!decided.write) return { result: decided.result, eventIds: [] };
      const { conversation, message, readBy, events } = decided.write;
      const at = postgresTime(message.createdAt);
      if (conversation) {
        await query(client, postgresSql.insertConversation, [
          conversation.id,
          accountId,
          conversation.channelId,
          conversation.visitorId,
          conversation.invitationText,
          at,
        ]);
      }
      await insertMessage(client, accountId, message, at);
      if (!conversation)
        await query(client, postgresSql.touchConversation, [at, message.conversationId, accountId]);
      if (readBy) await query(client, postgresSql.markRead, [at, message.conversationId, readBy, accountId]);
      return { result: decided.result, eventIds: await insertEvents(client, accountId, events, at) };
    });
  }

  return {
    newVisitor(w) {
      return transaction(async (client) => {
        const at = postgresTime(w.now);
        const [seq] = await query<{ visitorSeq: number; newestEventId: string | number }>(
          client,
          postgresSql.nextVisitorNumber,
          [w.accountId, w.channelTopic],
        );
        if (!seq) throw new Error(`account ${w.accountId} not found`);
        const number = Number(seq.visitorSeq);
        for (const [name, args] of newVisitorArgs(w, number, at))
          await query(client, postgresSql[name], args);
        return {
          number,
          newestEventId: Number(seq.newestEventId),
          eventIds: await insertEvents(client, w.accountId, w.events(number), at),
        };
      });
    },
    async touchVisit(key) {
      const { rows } = await pool.query({
        name: nameOf(postgresSql.touchVisit),
        text: postgresSql.touchVisit,
        values: [key.accountId, key.visitorId, key.channelId, postgresTime(key.now)],
      });
      return (rows[0]?.id as string | undefined) ?? null;
    },
    async visitorTyping(key) {
      const { rows } = await pool.query({
        name: nameOf(postgresSql.visitorTyping),
        text: postgresSql.visitorTyping,
        values: [key.accountId, key.visitorId, key.channelId, postgresTime(key.now)],
      });
      return readVisitorTyping(rows[0]);
    },
    async visitorIdentity(channelId, externalId) {
      const { rows } = await pool.query({
        name: nameOf(postgresSql.visitorIdentity),
        text: postgresSql.visitorIdentity,
        values: [channelId, externalId],
      });
      const row = rows[0];
      return row
        ? { visitorId: row.visitorId, accountId: row.accountId, channelEnabled: Boolean(row.channelEnabled) }
        : null;
    },
    async newestEventId(accountId, topics) {
      if (topics.length === 0) return 0;
      const text = postgresSql.newestEventId(topics.length);
      const { rows } = await pool.query({ name: nameOf(text), text, values: [accountId, ...topics] });
      return Number(rows[0]?.id ?? 0);
    },
    visitorMessage(key, plan) {
      return inTransaction(
        key.accountId,
        async (client): Promise<VisitorChatState> => {
          const [row] = await query(client, postgresSql.visitorChat, [
            key.accountId,
            key.visitorId,
            key.channelId,
            key.clientId,
            postgresTime(key.now),
          ]);
          const conversation = readVisitorConversation(row?.conversation);
          const existing = await storedMessage(client, key.accountId, row?.existingId);
          const state: VisitorChatState = { conversation, existing, bans: readBans(row?.bans) };
          // A chat request (no open chat, or nobody took it): what its summary and routing need.
          if (!existing && !conversation?.assigneeId) {
            const [context] = await query(client, postgresSql.chatRequestContext, [
              key.accountId,
              key.visitorId,
              key.channelId,
              conversation?.id ?? null,
            ]);
            state.request = readChatRequestContext(context);
          }
          return state;
        },
        plan,
      );
    },
    acceptChat(key, plan) {
      return transaction(async (client) => {
        const [row] = await query(client, postgresSql.acceptChat, [
          key.accountId,
          key.conversationId,
          key.userId,
        ]);
        const state: AcceptChatState = readAcceptChatState(row);
        const decided = plan(state);
        if (!decided.write) return { result: decided.result, eventIds: [] };
        const { message, events } = decided.write;
        const at = postgresTime(message.createdAt);
        const taken = await client.query({
          name: nameOf(postgresSql.takeConversation),
          text: postgresSql.takeConversation,
          values: [key.userId, at, key.conversationId, key.accountId],
        });
        if (taken.rowCount !== 1) throw key.taken();
        await query(client, postgresSql.joinConversation, [
          uuid7(message.createdAt.getTime()),
          key.accountId,
          key.conversationId,
          key.userId,
          at,
        ]);
        await insertMessage(client, key.accountId, message, at);
        return { result: decided.result, eventIds: await insertEvents(client, key.accountId, events, at) };
      });
    },
    agentMessage(key, plan) {
      return inTransaction(
        key.accountId,
        async (client): Promise<AgentChatState> => {
          const [row] = await query(client, postgresSql.agentChat, [
            key.accountId,
            key.conversationId,
            key.userId,
            key.clientId,
          ]);
          return {
            conversation: readAgentConversation(row?.conversation),
            existing: await storedMessage(client, key.accountId, row?.existingId),
            author: readAuthor(row?.author),
          };
        },
        plan,
      );
    },
  };
}
