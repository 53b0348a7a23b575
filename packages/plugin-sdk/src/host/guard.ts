import { setTimeout as sleep } from 'node:timers/promises';
import { PluginError } from '../errors.js';

/** Run `fn` with a deadline; a late result is dropped and the call fails as `timeout`. */
export async function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  stamp: { plugin: string; installId?: string; what: string },
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new PluginError(`${stamp.what} timed out after ${timeoutMs} ms`, {
          kind: 'timeout',
          plugin: stamp.plugin,
          installId: stamp.installId,
        }),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => fn(controller.signal)), deadline]);
  } catch (error) {
    throw PluginError.from(error, stamp);
  } finally {
    clearTimeout(timer);
  }
}

export type DeliveryState = 'retrying' | 'failed' | 'sent';

export interface Attempt {
  /** 1-based. */
  attempt: number;
  maxAttempts: number;
  status: DeliveryState;
  error?: PluginError;
  /** When status is `retrying`: the wait before the next attempt. */
  nextDelayMs?: number;
}

export interface RetryOptions {
  /** Total attempts, the first included (default 4). */
  attempts?: number;
  /** First backoff (default 1 s), doubled each time, capped at `maxDelayMs` (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** ±20 % randomisation so many senders do not retry in step (default true). */
  jitter?: boolean;
  signal?: AbortSignal;
  /** Called after every attempt: persist the message's delivery status here. */
  onAttempt?: (attempt: Attempt) => void | Promise<void>;
  /** Default: `PluginError.retryable`. */
  isRetryable?: (error: PluginError) => boolean;
}

/** The backoff before attempt `attempt + 1`, for callers that schedule retries themselves (a job queue). */
export function backoffDelay(
  attempt: number,
  { baseDelayMs = 1000, maxDelayMs = 30_000, jitter = true }: RetryOptions = {},
): number {
  const raw = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(jitter ? raw * (0.8 + Math.random() * 0.4) : raw);
}

/**
 * Retry `fn` with exponential backoff while its error is retryable, reporting every attempt
 * (retrying → … → sent | failed). Rethrows the last error.
 */
export async function retrying<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = Math.max(1, options.attempts ?? 4);
  const isRetryable = options.isRetryable ?? ((e: PluginError) => e.retryable);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await fn(attempt);
      await options.onAttempt?.({ attempt, maxAttempts, status: 'sent' });
      return result;
    } catch (thrown) {
      const error = PluginError.from(thrown, { plugin: (thrown as PluginError)?.plugin ?? 'unknown' });
      const last = attempt >= maxAttempts || !isRetryable(error) || options.signal?.aborted;
      if (last) {
        await options.onAttempt?.({ attempt, maxAttempts, status: 'failed', error });
        throw error;
      }
      // The provider's own wait (429 retry_after) wins over a shorter backoff.
      const nextDelayMs = Math.max(backoffDelay(attempt, options), error.retryAfterMs ?? 0);
      await options.onAttempt?.({ attempt, maxAttempts, status: 'retrying', error, nextDelayMs });
      await sleep(nextDelayMs, undefined, options.signal ? { signal: options.signal } : undefined).catch(
        () => undefined,
      );
    }
  }
}
