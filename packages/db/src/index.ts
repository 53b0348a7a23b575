// @parley/db: the Prisma client factory (SQLite embedded / PostgreSQL), migrations, and model types.
export {
  type Database,
  type Db,
  type DbTx,
  type OpenDatabaseOptions,
  openDatabase,
  rollupSqlOf,
} from './client';
export { isDatabaseUnavailable, isUniqueViolation } from './errors';
export type * from './generated/sqlite/client';
export { Prisma } from './generated/sqlite/client';
// Enums (as values and types), the `Prisma` namespace (error classes, JsonNull, input types) and the
// model row types (User, Conversation, ...): the SQLite client's, as `Db` is that client's type. Type-only
// for the rest so that nothing constructs a PrismaClient behind openDatabase's back.
export * from './generated/sqlite/enums';
export type * from './hot-path/chat-hot-path';
export { uuid7 } from './hot-path/uuid7';
export type { DbProvider } from './schema/paths';
export {
  AccountScopeError,
  allowRawSql,
  SCOPED_CLIENT_CACHE_SIZE,
  scopedAccountOf,
  scopeToAccount,
} from './scoped';
export type { RollupSql } from './stats/rollup-sql';
export {
  step,
  type TCallRow,
  type TConversationRow,
  type TEventNames,
  type TMessageRange,
  type TMessageRow,
  type TStatCallRow,
  type TStatCallWrite,
  type TStatChatRow,
  type TStatChatWrite,
  type TStatHourSum,
  type TStep,
  type TVisitRow,
} from './stats/rollup-statements';
