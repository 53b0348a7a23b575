import type { Logger } from '../logger';

/**
 * Starts work the caller does not wait for (a delivery, a translation, a first poll). Its failure
 * is logged here with the task's name and context: a rejected promise nobody awaits would otherwise
 * reach the process-level handler, and before that handler existed it stopped the server for every
 * account.
 */
export function runInBackground(
  logger: Pick<Logger, 'error'>,
  task: string,
  context: Record<string, unknown>,
  work: () => Promise<unknown>,
): void {
  let started: Promise<unknown>;
  try {
    started = work();
  } catch (err) {
    started = Promise.reject(err);
  }
  started.catch((err: unknown) => logger.error({ err, task, ...context }, 'background task failed'));
}
