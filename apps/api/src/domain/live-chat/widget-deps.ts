import type { Database, Db } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import type { Logger } from '../../logger';
import type { Mailer } from '../../mail/mailer';

export interface WidgetDeps {
  db: Db;
  /** For the process-wide ping buffer only (visit-pings.ts). */
  systemDb: Db;
  bus: EventBus;
  /** For the translator (C7); without them visitor messages are not translated. */
  plugins?: PluginHost;
  logger?: Logger;
  /** The hot path's SQL for chat messages; without it every message goes through Prisma. */
  database?: Pick<Database, 'hotPath'>;
  /** For the plan's usage warnings to owners (J6); without it none are mailed. */
  mailer?: Mailer | null;
}
