import type { Config } from '../config';
import type { Deps } from '../deps';
import type { MediaDeps } from '../domain/live-chat/attachments';
import type { ChatDeps } from '../domain/live-chat/chats';

/**
 * The slices of Deps that domain areas take, built the same way for tRPC procedures (routers/) and
 * the raw HTTP routes (http/), which must not import each other.
 */
export const publicUrlOf = (config: Pick<Config, 'publicUrl' | 'port'>) =>
  config.publicUrl ?? `http://localhost:${config.port}`;

export const chatDeps = (deps: Deps): ChatDeps => ({
  db: deps.db,
  bus: deps.bus,
  provider: deps.database.provider,
  plugins: deps.plugins,
  logger: deps.logger,
  files: deps.files,
  database: deps.database,
});

/** What files and GIFs need: `media.sendGif` and the upload route (http/files.ts). */
export const mediaDeps = (deps: Deps): MediaDeps => ({
  db: deps.db,
  bus: deps.bus,
  files: deps.files,
  plugins: deps.plugins,
  logger: deps.logger,
  mailer: deps.mailer,
  uploadMaxBytes: deps.config.uploadMaxBytes,
});
