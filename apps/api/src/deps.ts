import type { Database, Db } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import type { EventBus } from './bus/event-bus';
import type { Config } from './config';
import type { FileStore } from './lib/file-store';
import type { Logger } from './logger';
import type { Mailer } from './mail/mailer';

/** Everything a request handler may use; built once per process in server.ts. */
export interface Deps {
  config: Config;
  db: Db;
  database: Database;
  bus: EventBus;
  logger: Logger;
  mailer: Mailer | null;
  files: FileStore;
  /** Channel, translator and GIF plugins (K1). */
  plugins: PluginHost;
}
