import { type Database, type Db, scopeToAccount } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import type { EventBus } from './bus/event-bus';
import type { Config } from './config';
import type { FileStore } from './lib/file-store';
import type { Logger } from './logger';
import type { Mailer } from './mail/mailer';

/** Everything a request handler may use; built once per process in server.ts. */
export interface Deps {
  config: Config;
  /**
   * The database as the caller may see it. In a procedure of a logged-in user or a widget visitor it
   * is scoped to the caller's account (`scopedDeps`): every query is confined to that account, raw
   * SQL is refused. Outside a request (server start-up, the scheduler) no account is known and it is
   * the raw client; code there says so by using `systemDb`.
   */
  db: Db;
  /**
   * The raw client, for the named system jobs that work across accounts (sweepers, reminders,
   * leases, the scheduler, setup and login before an account is known, webhooks resolving their
   * channel, raw SQL that filters by account itself). Domain code may use it only in the modules
   * that `scripts/dependencies.ts` allows.
   */
  systemDb: Db;
  database: Database;
  bus: EventBus;
  logger: Logger;
  mailer: Mailer | null;
  files: FileStore;
  /** Channel, translator and GIF plugins. */
  plugins: PluginHost;
}

/**
 * The caller's view of the dependencies: `db` confined to the account (a cached client per account,
 * so building this per request costs a map lookup and an object spread). The role and visitor
 * middlewares in trpc.ts hand it to every procedure.
 */
export function scopedDeps(deps: Deps, accountId: string): Deps {
  return { ...deps, db: scopeToAccount(deps.systemDb, accountId) };
}
