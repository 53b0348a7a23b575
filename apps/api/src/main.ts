import { loadConfig } from './config';
import { PRIVATE_UMASK } from './lib/data-dir';
import { installProcessGuards } from './lib/process-guards';
import { createLogger } from './logger';
import { closeDeps, createDeps, startServer } from './server';

const started = performance.now();
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const logger = createLogger(config.logLevel);
installProcessGuards(logger);
// The database, its WAL, the secret key and uploads are created readable by this user only.
process.umask(PRIVATE_UMASK);

try {
  const running = await startServer(await createDeps(config, logger));
  logger.info(
    {
      url: running.url,
      database: running.deps.database.provider,
      bus: config.redisUrl ? 'redis' : 'in-process',
      readyMs: Math.round(performance.now() - started),
    },
    `Parley is ready: open ${config.publicUrl ?? running.url}`,
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running
      .close()
      .then(() => closeDeps(running.deps))
      .then(
        () => process.exit(0),
        (err) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  logger.fatal({ err }, 'Parley could not start');
  process.exit(1);
}
