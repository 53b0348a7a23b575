// Preloaded into the API process by bench:stats-rollup (node --import): listens to the statistics
// rollup's diagnostics channel (apps/api/src/domain/stats/rollup-job.ts) and, in both modes, keeps the
// whole process's longest event-loop delay of every second. Writes both, with times, to
// BENCH_ROLLUP_PROBE_FILE every second, so the bench keeps what fell in its measured window.
import { subscribe } from 'node:diagnostics_channel';
import { renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_ROLLUP_PROBE_FILE;
if (file) {
  const runs = [];
  const seconds = [];
  subscribe('parley:stats-rollup', (message) => runs.push({ at: Date.now(), ...message }));
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  // Written aside and renamed: the bench never reads a half-written file.
  const write = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify({ runs, seconds }));
    renameSync(`${file}.tmp`, file);
  };
  setInterval(() => {
    // Delay beyond the 1 ms sampling interval: how long ready work waited.
    seconds.push({ at: Date.now(), maxMs: Math.max(0, loop.max / 1e6 - 1) });
    loop.reset();
    write();
  }, 1000).unref();
}
