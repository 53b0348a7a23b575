import type { DeliverInbound, InboundEvent, Logger } from '../types.js';

export interface PollingOptions {
  intervalMs: number;
  /** Installs to poll now (e.g. enabled email channels with IMAP). */
  installIds: () => Promise<string[]>;
  /**
   * Store the events (dedupe by externalMessageId); the plugin acknowledges them at the provider (a
   * mail marked seen) only after this resolved. Runs before the next poll of that install.
   */
  onEvents: (installId: string, events: InboundEvent[]) => Promise<void>;
}

/** Poll installs on an interval, one poll per install at a time. Returns `stop`. */
export function startPolling(
  polling: PollingOptions,
  poll: (installId: string, deliver: DeliverInbound) => Promise<unknown>,
  logger: Logger,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    let ids: string[] = [];
    try {
      ids = await polling.installIds();
    } catch (error) {
      logger.error({ err: error }, 'listing installs to poll failed');
    }
    for (const id of ids) {
      if (stopped) break;
      try {
        await poll(id, (events) => polling.onEvents(id, events));
      } catch (error) {
        logger.warn({ installId: id, err: (error as Error).message }, 'poll failed');
      }
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), polling.intervalMs);
  };
  timer = setTimeout(() => (running = tick()), 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
