// Preloaded into the API process by the bench (node --import): no server change needed.
// On SIGUSR2: full GC (when --expose-gc), then writes process.memoryUsage() as JSON to BENCH_PROBE_FILE,
// with where the memory is: V8's heap spaces (committed and used), /proc/self/smaps_rollup (anonymous
// vs file-backed), malloc'd memory outside V8 and the live handles by kind. With BENCH_HEAP_SNAPSHOT_DIR
// set, each probe also writes a heap snapshot there.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

const file = process.env.BENCH_PROBE_FILE;
const snapshotDir = process.env.BENCH_HEAP_SNAPSHOT_DIR;

function smaps() {
  try {
    const out = {};
    for (const line of readFileSync('/proc/self/smaps_rollup', 'utf8').split('\n')) {
      const m = /^(\w+):\s+(\d+) kB/.exec(line);
      if (m) out[m[1]] = Number(m[2]);
    }
    return out;
  } catch {
    return null;
  }
}

function handles() {
  const kinds = {};
  for (const r of process.getActiveResourcesInfo?.() ?? []) kinds[r] = (kinds[r] ?? 0) + 1;
  return kinds;
}

function figures() {
  const heap = v8.getHeapStatistics();
  return {
    ...process.memoryUsage(),
    spaces: Object.fromEntries(
      v8
        .getHeapSpaceStatistics()
        .map((s) => [
          s.space_name,
          { size: s.space_size, used: s.space_used_size, physical: s.physical_space_size },
        ]),
    ),
    mallocedMemory: heap.malloced_memory,
    totalPhysical: heap.total_physical_size,
    smaps: smaps(),
  };
}

/** Garbage collections since start, by kind: count and pause milliseconds (main thread). */
const gcs = {};
const kinds = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

if (file) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const k = kinds[e.detail?.kind] ?? String(e.detail?.kind);
      gcs[k] ??= { n: 0, ms: 0 };
      const g = gcs[k];
      g.n++;
      g.ms = Math.round((g.ms + e.duration) * 10) / 10;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => {
    // As the process runs (garbage included), then after a full GC.
    const live = { ...figures(), gc: structuredClone(gcs) };
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    const after = figures();
    let snapshot;
    if (snapshotDir)
      snapshot = v8.writeHeapSnapshot(path.join(snapshotDir, `probe-${Date.now()}.heapsnapshot`));
    writeFileSync(file, JSON.stringify({ at: Date.now(), ...after, handles: handles(), live, snapshot }));
  });
}
