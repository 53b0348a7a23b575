/** How a plugin worker is kept in bounds. Every field has a default (see DEFAULT_WORKER_LIMITS). */
export interface WorkerLimits {
  /** V8 heap of the worker (`resourceLimits.maxOldGenerationSizeMb`) and, with Buffers, its memory limit. */
  memoryMb: number;
  /** How often the host pings the worker. */
  pingIntervalMs: number;
  /** A worker that has not answered a ping for this long has a stalled event loop: it is terminated. */
  stallMs: number;
  /** Deadline for importing the package (and for a restart's import). */
  importTimeoutMs: number;
  /** First wait before restarting a crashed worker; doubled per crash in a row up to `maxRestartDelayMs`. */
  restartDelayMs: number;
  maxRestartDelayMs: number;
  /** Crashes in a row after which the worker stays down until the plugin is loaded again. */
  maxCrashes: number;
  /** A worker that ran this long without a crash starts its crash count afresh. */
  healthyAfterMs: number;
  /** How long an upgraded or removed plugin's old worker may finish its calls before it is terminated. */
  drainMs: number;
}

export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  memoryMb: 128,
  pingIntervalMs: 1000,
  stallMs: 3000,
  importTimeoutMs: 10_000,
  restartDelayMs: 1000,
  maxRestartDelayMs: 30_000,
  maxCrashes: 5,
  healthyAfterMs: 60_000,
  drainMs: 5000,
};
