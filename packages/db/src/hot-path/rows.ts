import type {
  AcceptChatState,
  AgentChatState,
  ChatRequestContext,
  StoredMessage,
  VisitorBriefRow,
  VisitorChatState,
  VisitorTypingState,
} from './chat-hot-path';

/**
 * A stored time as a Date: SQLite holds Prisma's ISO text (`…+00:00`) or, from a column default,
 * `YYYY-MM-DD HH:MM:SS` in UTC; PostgreSQL's json functions give `timestamp` without a zone, in UTC.
 */
export function readTime(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

const readOptionalTime = (value: unknown) => (value === null || value === undefined ? null : readTime(value));

/** Prisma stores Json on SQLite as text; PostgreSQL's driver parses jsonb already. */
const readJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : (value ?? null));

export function toStoredMessage(row: Record<string, unknown>): StoredMessage {
  return {
    ...(row as unknown as StoredMessage),
    meta: readJson(row.meta),
    createdAt: readTime(row.createdAt),
    editedAt: readOptionalTime(row.editedAt),
    deletedAt: readOptionalTime(row.deletedAt),
  };
}

type Conversation<S> = S extends { conversation: infer C } ? C : never;

export function readVisitorConversation(value: unknown): Conversation<VisitorChatState> {
  const c = readJson(value);
  return c ? { ...c, participantIds: readJson(c.participantIds) ?? [] } : null;
}

export function readAgentConversation(value: unknown): Conversation<AgentChatState> {
  const c = readJson(value);
  return c
    ? { ...c, participantIds: readJson(c.participantIds) ?? [], viaPlugin: Boolean(c.viaPlugin) }
    : null;
}

/** A JSON value nested in another: SQLite's `json()` keeps it JSON, but be lenient with text. */
const nested = (value: unknown) => readJson(value);

export function readVisitorBrief(value: unknown): VisitorBriefRow | null {
  const v = readJson(value);
  if (!v) return null;
  const visit = nested(v.visit);
  return {
    ...v,
    visit: visit
      ? {
          endedAt: readOptionalTime(visit.endedAt),
          lastActiveAt: readTime(visit.lastActiveAt),
          page: nested(visit.page),
        }
      : null,
  };
}

export function readChatRequestContext(row: Record<string, unknown> | undefined): ChatRequestContext {
  const c = readJson(row?.conversation);
  return {
    conversation: c ? { ...c, startedAt: readTime(c.startedAt), tags: nested(c.tags) ?? [] } : null,
    channel: readJson(row?.channel),
    channelAgentIds: readJson(row?.channelAgentIds) ?? [],
    onlineAgentIds: readJson(row?.onlineAgentIds) ?? [],
    visitor: readVisitorBrief(row?.visitor),
  };
}

export function readAcceptChatState(row: Record<string, unknown> | undefined): AcceptChatState {
  const c = readJson(row?.conversation);
  const last = readJson(row?.lastMessage);
  return {
    conversation: c
      ? {
          ...c,
          startedAt: readTime(c.startedAt),
          lastMessageAt: readTime(c.lastMessageAt),
          participantIds: nested(c.participantIds) ?? [],
          tags: nested(c.tags) ?? [],
        }
      : null,
    channel: readJson(row?.channel),
    channelAgentIds: readJson(row?.channelAgentIds) ?? [],
    agent: readJson(row?.agent),
    visitor: readVisitorBrief(row?.visitor),
    lastMessage: last ? { ...last, agent: nested(last.agent), createdAt: readTime(last.createdAt) } : null,
  };
}

export function readVisitorTyping(row: Record<string, unknown> | undefined): VisitorTypingState {
  const c = readJson(row?.conversation);
  return {
    conversation: c ? { ...c, participantIds: nested(c.participantIds) ?? [] } : null,
    channelAgentIds: readJson(row?.channelAgentIds) ?? [],
    bans: readJson(row?.bans) ?? [],
  };
}

export const readBans = (value: unknown): VisitorChatState['bans'] => readJson(value) ?? [];
export const readAuthor = (value: unknown): AgentChatState['author'] => readJson(value);

/** The time as Prisma writes it on SQLite (its adapter's default `iso8601` format). */
export const sqliteTime = (date: Date) => date.toISOString().replace('Z', '+00:00');
/** The time for a PostgreSQL `timestamp(3)` column, which Prisma fills with UTC. */
export const postgresTime = (date: Date) => date.toISOString().slice(0, -1);
