// Preloaded into the API process by the bench (node --import): no server change needed.
// On SIGUSR2: full GC (when --expose-gc), then writes process.memoryUsage() as JSON to BENCH_PROBE_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  process.on('SIGUSR2', () => {
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    const m = process.memoryUsage();
    writeFileSync(file, JSON.stringify({ at: Date.now(), ...m }));
  });
}
