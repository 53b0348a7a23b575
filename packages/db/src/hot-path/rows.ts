import type { AgentChatState, StoredMessage, VisitorChatState } from './chat-hot-path';

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

export const readBans = (value: unknown): VisitorChatState['bans'] => readJson(value) ?? [];
export const readAuthor = (value: unknown): AgentChatState['author'] => readJson(value);

/** The time as Prisma writes it on SQLite (its adapter's default `iso8601` format). */
export const sqliteTime = (date: Date) => date.toISOString().replace('Z', '+00:00');
/** The time for a PostgreSQL `timestamp(3)` column, which Prisma fills with UTC. */
export const postgresTime = (date: Date) => date.toISOString().slice(0, -1);
