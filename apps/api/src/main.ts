import { setFlagsFromString } from 'node:v8';
import { loadConfig } from './config';
import { PRIVATE_UMASK } from './lib/data-dir';
import { installProcessGuards } from './lib/process-guards';
import { createLogger } from './logger';
import { closeDeps, createDeps, startServer } from './server';

const started = performance.now();

/**
 * V8 lets the old generation grow to up to 4× what survived the last full GC before it collects again:
 * under chat load that is hundreds of MB of garbage held as RSS (bench/RESULTS.md, 2026-12-07 session 7:
 * 534 → ~310 MB at 300 msg/s with 1,000 visitors). A fixed growth of HEAP_GROWING_PERCENT over the
 * live heap bounds it, for a few more full GCs (concurrent marking). 0 leaves V8's own heuristics.
 */
const DEFAULT_HEAP_GROWING_PERCENT = 50;
const heapGrowingPercent = Number(process.env.HEAP_GROWING_PERCENT ?? DEFAULT_HEAP_GROWING_PERCENT);
if (Number.isInteger(heapGrowingPercent) && heapGrowingPercent > 0)
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
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
