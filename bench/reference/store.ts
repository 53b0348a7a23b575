import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { LiveRegistry } from './live';

export interface ConversationState {
  id: string;
  visitorId: string;
  channelId: string;
  assigneeId: string | null;
}

export interface AgentRef {
  id: string;
  name: string;
}

export type Author =
  | { type: 'visitor'; visitorId: string; channelId: string }
  | { type: 'agent'; user: AgentRef };

export interface SendInput {
  author: Author;
  /** null: a visitor's first message, which opens the conversation in the same transaction. */
  conversation: ConversationState | null;
  body: string;
  clientId: string;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  clientId: string;
  author: 'visitor' | 'agent';
  agent: AgentRef | null;
  kind: 'text';
  body: string;
  createdAt: string;
}

interface Written {
  conversation: ConversationState;
  opened: boolean;
  message: StoredMessage;
  /** null when the clientId was already stored: nothing new to push. */
  eventId: string | null;
}

interface Pending {
  input: SendInput;
  resolve(m: StoredMessage): void;
  reject(err: unknown): void;
}

/**
 * The reference's whole write path: per message one transaction with the Message row (its indexes and
 * FTS trigger fire) and one LiveEvent row, idempotent on (conversation, clientId); the sender's promise
 * settles after COMMIT, then the event is pushed to the conversation's agent and to the visitor.
 * With `groupCommitMs` > 0 sends arriving within that window share one transaction (variant B).
 * Conversations are held in memory after their first write; Parley reads them with SQL instead.
 */
export function createMessageStore(opts: {
  db: Database;
  accountId: string;
  live: { agents: LiveRegistry; visitors: LiveRegistry };
  groupCommitMs: number;
  groupCommitMax: number;
  now?: () => number;
}) {
  const { db, accountId, live } = opts;
  const now = opts.now ?? Date.now;
  const conversations = new Map<string, ConversationState>();
  const openByVisitor = new Map<string, string>();
  const sql = {
    insertConversation: db.prepare(
      'INSERT INTO "Conversation" ("id", "accountId", "channelId", "visitorId", "startedAt") VALUES (?, ?, ?, ?, ?)',
    ),
    insertMessage: db.prepare(
      `INSERT INTO "Message" ("id", "accountId", "conversationId", "authorType", "authorUserId", "authorVisitorId",
         "body", "clientId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("conversationId", "clientId") DO NOTHING`,
    ),
    messageByClientId: db.prepare(
      `SELECT "id", "authorType", "authorUserId", "body", "createdAt" FROM "Message"
       WHERE "conversationId" = ? AND "clientId" = ?`,
    ),
    insertEvent: db.prepare(
      'INSERT INTO "LiveEvent" ("accountId", "topic", "payload", "createdAt") VALUES (?, ?, ?, ?)',
    ),
    userName: db.prepare('SELECT "name" FROM "User" WHERE "id" = ?').pluck(),
    assign: db.prepare(
      'UPDATE "Conversation" SET "assigneeId" = ? WHERE "id" = ? AND ("assigneeId" IS NULL OR "assigneeId" = ?)',
    ),
  };

  function write(input: SendInput): Written {
    let conversation = input.conversation;
    const opened = conversation === null;
    if (!conversation) {
      if (input.author.type !== 'visitor') throw new Error('only a visitor opens a conversation');
      conversation = {
        id: randomUUID(),
        visitorId: input.author.visitorId,
        channelId: input.author.channelId,
        assigneeId: null,
      };
      sql.insertConversation.run(
        conversation.id,
        accountId,
        conversation.channelId,
        conversation.visitorId,
        now(),
      );
    }
    const { author } = input;
    const id = randomUUID();
    const createdAt = now();
    const inserted = sql.insertMessage.run(
      id,
      accountId,
      conversation.id,
      author.type,
      author.type === 'agent' ? author.user.id : null,
      author.type === 'visitor' ? author.visitorId : null,
      input.body,
      input.clientId,
      createdAt,
    );
    if (inserted.changes === 0) {
      const row = sql.messageByClientId.get(conversation.id, input.clientId) as {
        id: string;
        authorType: 'visitor' | 'agent';
        authorUserId: string | null;
        body: string;
        createdAt: number;
      };
      const agent = row.authorUserId
        ? { id: row.authorUserId, name: String(sql.userName.get(row.authorUserId) ?? '') }
        : null;
      return {
        conversation,
        opened,
        eventId: null,
        message: message(
          row.id,
          conversation.id,
          input.clientId,
          row.authorType,
          agent,
          row.body,
          row.createdAt,
        ),
      };
    }
    const stored = message(
      id,
      conversation.id,
      input.clientId,
      author.type,
      author.type === 'agent' ? author.user : null,
      input.body,
      createdAt,
    );
    const event = sql.insertEvent.run(
      accountId,
      `conversation:${conversation.id}`,
      JSON.stringify({
        data: { type: 'message', message: stored },
        audience: conversation.assigneeId ? [conversation.assigneeId] : undefined,
      }),
      createdAt,
    );
    return { conversation, opened, message: stored, eventId: String(event.lastInsertRowid) };
  }

  /** After COMMIT only: caches learn the new conversation, subscribers get the event. */
  function afterCommit(w: Written): void {
    if (w.opened) {
      conversations.set(w.conversation.id, w.conversation);
      openByVisitor.set(w.conversation.visitorId, w.conversation.id);
    }
    if (!w.eventId) return;
    const { conversation, message: m } = w;
    const item = { id: w.eventId, data: { type: 'message', message: m } };
    if (conversation.assigneeId) live.agents.publish(conversation.assigneeId, item);
    else
      live.agents.publishAll({
        id: w.eventId,
        data: { type: 'chat.request', conversation: { id: conversation.id }, message: m },
      });
    live.visitors.publish(conversation.visitorId, item);
  }

  const writeOne = db.transaction(write);
  const writeMany = db.transaction((inputs: SendInput[]) => inputs.map(write));

  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  /** Write transactions committed, sends written through the group-commit queue, and its largest group. */
  const stats = { transactions: 0, grouped: 0, largestGroup: 0 };

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    stats.grouped += batch.length;
    stats.largestGroup = Math.max(stats.largestGroup, batch.length);
    let results: Written[];
    try {
      results = writeMany(batch.map((p) => p.input));
    } catch {
      // The group rolled back as a whole: one bad send must not fail the others, so each goes alone.
      for (const p of batch) {
        try {
          const w = writeOne(p.input);
          stats.transactions++;
          afterCommit(w);
          p.resolve(w.message);
        } catch (err) {
          p.reject(err);
        }
      }
      return;
    }
    stats.transactions++;
    results.forEach((w, i) => {
      afterCommit(w);
      batch[i]?.resolve(w.message);
    });
  }

  return {
    conversation: (id: string) => conversations.get(id),
    openConversationOf(visitorId: string): ConversationState | undefined {
      const id = openByVisitor.get(visitorId);
      return id ? conversations.get(id) : undefined;
    },
    /** Resolves with the stored message after its transaction has committed. */
    send(input: SendInput): Promise<StoredMessage> {
      // A first message opens a conversation: always alone, so two sends never open two for one visitor.
      if (opts.groupCommitMs <= 0 || input.conversation === null) {
        try {
          const w = writeOne(input);
          stats.transactions++;
          afterCommit(w);
          return Promise.resolve(w.message);
        } catch (err) {
          return Promise.reject(err);
        }
      }
      return new Promise((resolve, reject) => {
        queue.push({ input, resolve, reject });
        if (queue.length >= opts.groupCommitMax) flush();
        else if (!timer) timer = setTimeout(flush, opts.groupCommitMs);
      });
    },
    /** The agent takes the conversation unless another agent already has; false when taken. */
    assign(conversation: ConversationState, userId: string): boolean {
      if (sql.assign.run(userId, conversation.id, userId).changes === 0) return false;
      conversation.assigneeId = userId;
      return true;
    },
    stats,
    /** Writes what is still queued (shutdown). */
    flush,
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;

function message(
  id: string,
  conversationId: string,
  clientId: string,
  author: 'visitor' | 'agent',
  agent: AgentRef | null,
  body: string,
  createdAt: number,
): StoredMessage {
  return {
    id,
    conversationId,
    clientId,
    author,
    agent,
    kind: 'text',
    body,
    createdAt: new Date(createdAt).toISOString(),
  };
}
