import type { PluginError } from '../errors.js';
import type { Logger } from '../types.js';
import { faultReason } from './faults.js';
import type { InstallRecord } from './storage.js';

/** Storing delivered events failed on Parley's side; the plugin passes it on (as a cause) to its caller. */
export class StorageError extends Error {
  constructor(cause: unknown) {
    super(`storing the delivered events failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StorageError';
  }
}

function causedByStorage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof StorageError) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface HealthBookOptions {
  logger: Logger;
  /** Consecutive failures after which an install is disabled. */
  maxFailures: number;
  /** The install's cached record (undefined: not known to the host, nothing to count). */
  current(id: string): InstallRecord | undefined;
  save(record: InstallRecord): Promise<void>;
  /** Dispose an install that was just disabled. */
  unload(id: string): Promise<void>;
}

/** An install's health: `ok` → `failing` (with the last error) → `disabled` after repeated failures. */
export function createHealthBook(options: HealthBookOptions) {
  const { logger, maxFailures, current, save, unload } = options;

  async function recordSuccess(id: string) {
    const r = current(id);
    if (!r || (r.health === 'ok' && r.failures === 0)) return;
    await save({ ...r, health: 'ok', failures: 0 });
  }

  /** Errors already counted: one failure per message or request, however many layers rethrow it. */
  const counted = new WeakSet<PluginError>();

  async function recordFailure(id: string, error: PluginError, unloadOnDisable = true) {
    if (error.kind === 'input' || error.kind === 'disabled') return;
    if (counted.has(error)) return;
    counted.add(error);
    // Parley could not store what the plugin delivered (database down): not the plugin's fault.
    if (causedByStorage(error)) return;
    const r = current(id);
    if (!r) return;
    const failures = r.failures + 1;
    // Admins see the short reason; the full message (maybe the provider's body) goes to the log.
    logger.warn({ err: error, plugin: r.name, installId: id, failures }, error.summary().slice(0, 2000));
    const lastError = faultReason(error) ?? error.publicReason();
    const next: InstallRecord = { ...r, failures, health: 'failing', lastError, lastErrorAt: new Date() };
    if (failures >= maxFailures || error.kind === 'invalid_plugin') {
      next.enabled = false;
      next.health = 'disabled';
      next.disabledReason =
        error.kind === 'invalid_plugin'
          ? `invalid_plugin: ${error.message}`
          : `too_many_failures: ${lastError}`;
      logger.warn(
        { plugin: r.name, installId: id, failures, reason: next.disabledReason },
        'plugin disabled',
      );
      await save(next);
      // During setup the install is not active yet (and unload would wait for this very setup).
      if (unloadOnDisable) await unload(id);
      return;
    }
    logger.warn({ plugin: r.name, installId: id, failures, err: error.message }, 'plugin call failed');
    await save(next);
  }

  return { recordSuccess, recordFailure };
}
