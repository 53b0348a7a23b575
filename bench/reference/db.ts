/** The password every seeded user has (the same constant as bench/src/lib/seed.ts). */
export const REFERENCE_PASSWORD = 'bench correct horse battery';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
}

export interface VisitorRow {
  id: string;
  channelId: string;
}

/** One message to store: the rows are built by the store, the database only writes them. */
export interface WritePlan {
  /** Set for a visitor's first message: the conversation row goes in the same transaction. */
  openConversation: { id: string; channelId: string; visitorId: string } | null;
  message: {
    id: string;
    conversationId: string;
    authorType: 'visitor' | 'agent';
    authorUserId: string | null;
    authorVisitorId: string | null;
    body: string;
    clientId: string;
    createdAt: number;
  };
  /** The LiveEvent row, written only when the message row was new. */
  event: { topic: string; payload: string };
}

/** Tables only set-up touches, the same on both databases. */
export const SETUP_TABLES = `
CREATE TABLE IF NOT EXISTS "Account" ("id" TEXT PRIMARY KEY, "name" TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS "User" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "email" TEXT NOT NULL UNIQUE, "name" TEXT NOT NULL, "role" TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS "Channel" ("id" TEXT PRIMARY KEY, "accountId" TEXT NOT NULL REFERENCES "Account"("id"),
  "publicKey" TEXT NOT NULL UNIQUE, "kind" TEXT NOT NULL, "name" TEXT NOT NULL);
`;

/** The Message columns both databases write, in the order of `messageValues`. */
export const MESSAGE_COLUMNS = `"id", "accountId", "conversationId", "authorType", "authorUserId", "authorVisitorId", "body", "clientId", "createdAt"`;

/** A plan's Message row as statement parameters; `createdAt` as the database takes it. */
export function messageValues(
  accountId: string,
  m: WritePlan['message'],
  createdAt: number | string,
): unknown[] {
  return [
    m.id,
    accountId,
    m.conversationId,
    m.authorType,
    m.authorUserId,
    m.authorVisitorId,
    m.body,
    m.clientId,
    createdAt,
  ];
}

export type WriteResult =
  | { stored: true; eventId: string }
  /** The (conversation, clientId) was there already: the earlier row, and no event. */
  | {
      stored: false;
      existing: {
        id: string;
        authorType: 'visitor' | 'agent';
        authorUserId: string | null;
        authorName: string | null;
        body: string;
        createdAt: number;
      };
    };

/**
 * What the reference needs of a database: set-up reads and writes, and the message path, where
 * `write` commits all its plans in ONE transaction (variant B passes several) and resolves after COMMIT.
 * Implemented on better-sqlite3 (sqlite-db.ts) and on `pg` (pg-db.ts).
 */
export interface ReferenceDb {
  accountId: string;
  userByEmail(email: string): Promise<UserRow | null>;
  insertChannel(channel: { id: string; publicKey: string; kind: string; name: string }): Promise<void>;
  channelIdByKey(publicKey: string): Promise<string | null>;
  insertVisitor(visitor: { id: string; channelId: string; token: string }): Promise<void>;
  visitorByToken(token: string): Promise<VisitorRow | null>;
  /** The agent takes the conversation unless another agent holds it; false when taken. */
  assign(conversationId: string, userId: string): Promise<boolean>;
  write(plans: WritePlan[]): Promise<WriteResult[]>;
  ready(): Promise<void>;
  close(): Promise<void>;
}
