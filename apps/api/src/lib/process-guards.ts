import type { Logger } from '../logger';

/**
 * The last line of defence behind runInBackground. An unhandled rejection is one request's or one
 * task's failure: log it with what we know and keep serving everyone else. An uncaught exception
 * may have left shared state half-updated, so log it and exit non-zero; the supervisor (systemd,
 * Docker, Kubernetes) starts a clean process and clients reconnect.
 */
export function installProcessGuards(
  logger: Pick<Logger, 'error' | 'fatal'>,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onRejection = (reason: unknown, promise: Promise<unknown>) => {
    logger.error({ err: reason, promise: String(promise) }, 'unhandled promise rejection (kept serving)');
  };
  const onException = (err: Error, origin: string) => {
    logger.fatal({ err, origin }, 'uncaught exception: exiting so that a supervisor restarts the server');
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
