import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type {
  AgentChatState,
  ChatHotPath,
  HotPathOutcome,
  HotPathPlan,
  StoredMessage,
  VisitorChatState,
} from './chat-hot-path';
import {
  postgresTime,
  readAgentConversation,
  readAuthor,
  readBans,
  readVisitorConversation,
  toStoredMessage,
} from './rows';
import { postgresSql } from './sql';

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

  async function inTransaction<S, R>(
    accountId: string,
    read: (client: PoolClient) => Promise<S>,
    plan: (state: S) => HotPathPlan<R>,
  ): Promise<HotPathOutcome<R>> {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        const decided = plan(await read(client));
        let eventIds: number[] = [];
        if (decided.write) {
          const { message, readBy, events } = decided.write;
          const at = postgresTime(message.createdAt);
          await query(client, postgresSql.insertMessage, [
            message.id,
            accountId,
            message.conversationId,
            message.authorType,
            message.authorUserId,
            message.authorVisitorId,
            message.body,
            message.clientId,
            at,
          ]);
          await query(client, postgresSql.touchConversation, [at, message.conversationId, accountId]);
          if (readBy)
            await query(client, postgresSql.markRead, [at, message.conversationId, readBy, accountId]);
          // Last: the commit-order trigger's per-account lock is held only for the insert and the commit.
          if (events.length > 0) {
            const rows = await query<{ id: number }>(
              client,
              postgresSql.insertEvents(events.length),
              events.flatMap((e) => [accountId, e.topic, JSON.stringify(e.payload), at]),
            );
            eventIds = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
          }
        }
        await client.query('COMMIT');
        return { result: decided.result, eventIds };
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

  return {
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
          return {
            conversation: readVisitorConversation(row?.conversation),
            existing: await storedMessage(client, key.accountId, row?.existingId),
            bans: readBans(row?.bans),
          };
        },
        plan,
      );
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
