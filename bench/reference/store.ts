import { randomUUID } from 'node:crypto';
import type { ReferenceDb, WritePlan, WriteResult } from './db';
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
  /** The conversation an agent answers in; a visitor's is the open one, or a new one. */
  conversation?: ConversationState;
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

/** A message ready to write: its rows, and the message as acknowledged and pushed. */
interface Prepared {
  plan: WritePlan;
  message: StoredMessage;
}

interface Pending extends Prepared {
  conversation: ConversationState;
  resolve(m: StoredMessage): void;
  reject(err: unknown): void;
}

/**
 * The reference's whole message path: per message one transaction with the Message row (its indexes
 * and search index do their work) and one LiveEvent row, idempotent on (conversation, clientId); the
 * sender's promise settles after COMMIT, then the event is pushed to the conversation's agent and to
 * the visitor. With `groupCommitMs` > 0 sends arriving within that window share one transaction
 * (variant B). Conversations are held in memory after their first write; Parley reads them with SQL.
 */
export function createMessageStore(opts: {
  db: ReferenceDb;
  live: { agents: LiveRegistry; visitors: LiveRegistry };
  groupCommitMs: number;
  groupCommitMax: number;
}) {
  const { db, live } = opts;
  const conversations = new Map<string, ConversationState>();
  const openByVisitor = new Map<string, ConversationState>();
  /** A visitor's first message in flight: their next send waits for its conversation. */
  const opening = new Map<string, Promise<unknown>>();
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  /** Write transactions committed, sends written through the group-commit queue, and its largest group. */
  const stats = { transactions: 0, grouped: 0, largestGroup: 0 };

  function prepare(input: SendInput, conversation: ConversationState, opens: boolean): Prepared {
    const { author } = input;
    const createdAt = Date.now();
    const message: StoredMessage = {
      id: randomUUID(),
      conversationId: conversation.id,
      clientId: input.clientId,
      author: author.type,
      agent: author.type === 'agent' ? author.user : null,
      kind: 'text',
      body: input.body,
      createdAt: new Date(createdAt).toISOString(),
    };
    const plan: WritePlan = {
      openConversation: opens
        ? { id: conversation.id, channelId: conversation.channelId, visitorId: conversation.visitorId }
        : null,
      message: {
        id: message.id,
        conversationId: conversation.id,
        authorType: author.type,
        authorUserId: author.type === 'agent' ? author.user.id : null,
        authorVisitorId: author.type === 'visitor' ? author.visitorId : null,
        body: input.body,
        clientId: input.clientId,
        createdAt,
      },
      event: {
        topic: `conversation:${conversation.id}`,
        payload: JSON.stringify({
          data: { type: 'message', message },
          audience: conversation.assigneeId ? [conversation.assigneeId] : undefined,
        }),
      },
    };
    return { plan, message };
  }

  /** After COMMIT only: subscribers get the event; a repeat gets the stored message and pushes nothing. */
  function afterCommit(p: Prepared, conversation: ConversationState, r: WriteResult): StoredMessage {
    if (!r.stored) {
      const e = r.existing;
      return {
        id: e.id,
        conversationId: conversation.id,
        clientId: p.message.clientId,
        author: e.authorType,
        agent: e.authorUserId ? { id: e.authorUserId, name: e.authorName ?? '' } : null,
        kind: 'text',
        body: e.body,
        createdAt: new Date(e.createdAt).toISOString(),
      };
    }
    const m = p.message;
    const item = { id: r.eventId, data: { type: 'message', message: m } };
    if (conversation.assigneeId) live.agents.publish(conversation.assigneeId, item);
    else
      live.agents.publishAll({
        id: r.eventId,
        data: { type: 'chat.request', conversation: { id: conversation.id }, message: m },
      });
    live.visitors.publish(conversation.visitorId, item);
    return m;
  }

  async function writeAlone(p: Prepared, conversation: ConversationState): Promise<StoredMessage> {
    const [r] = await db.write([p.plan]);
    stats.transactions++;
    return afterCommit(p, conversation, r as WriteResult);
  }

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    stats.grouped += batch.length;
    stats.largestGroup = Math.max(stats.largestGroup, batch.length);
    let results: WriteResult[];
    try {
      results = await db.write(batch.map((b) => b.plan));
      stats.transactions++;
    } catch {
      // The group rolled back as a whole: one bad send must not fail the others, so each goes alone.
      for (const b of batch) await writeAlone(b, b.conversation).then(b.resolve, b.reject);
      return;
    }
    batch.forEach((b, i) => {
      b.resolve(afterCommit(b, b.conversation, results[i] as WriteResult));
    });
  }

  /** A visitor's first message opens their conversation: alone, and cached once committed. */
  async function open(input: SendInput & { author: { type: 'visitor' } }): Promise<StoredMessage> {
    const { visitorId, channelId } = input.author;
    const conversation: ConversationState = { id: randomUUID(), visitorId, channelId, assigneeId: null };
    const done = writeAlone(prepare(input, conversation, true), conversation);
    opening.set(visitorId, done);
    try {
      const m = await done;
      conversations.set(conversation.id, conversation);
      openByVisitor.set(visitorId, conversation);
      return m;
    } finally {
      opening.delete(visitorId);
    }
  }

  return {
    conversation: (id: string) => conversations.get(id),
    openConversationOf: (visitorId: string) => openByVisitor.get(visitorId),
    /** Resolves with the stored message after its transaction has committed. */
    async send(input: SendInput): Promise<StoredMessage> {
      const { author } = input;
      let conversation = input.conversation;
      if (author.type === 'visitor') {
        const first = opening.get(author.visitorId);
        if (first) await first.catch(() => {});
        conversation = openByVisitor.get(author.visitorId);
        if (!conversation) return open({ ...input, author });
      }
      if (!conversation) throw new Error('an agent sends in a conversation');
      const p = prepare(input, conversation, false);
      if (opts.groupCommitMs <= 0) return writeAlone(p, conversation);
      const c = conversation;
      return new Promise((resolve, reject) => {
        queue.push({ ...p, conversation: c, resolve, reject });
        if (queue.length >= opts.groupCommitMax) void flush();
        else if (!timer) timer = setTimeout(() => void flush(), opts.groupCommitMs);
      });
    },
    async assign(conversation: ConversationState, userId: string): Promise<boolean> {
      if (!(await db.assign(conversation.id, userId))) return false;
      conversation.assigneeId = userId;
      return true;
    },
    stats,
    /** Writes what is still queued (shutdown). */
    flush,
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
