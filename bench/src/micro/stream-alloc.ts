/**
 * Bytes allocated per event delivered through a widget's stream, as the subscriber reads it: the
 * stream before (an async generator, inside the procedure's async generator) and now (one iterator
 * object with `map`). Heap used grows between collections by what was allocated, so the young
 * generation is made large enough that none runs during a round (rounds with a GC are dropped).
 *
 *   node --expose-gc --max-semi-space-size=128 --min-semi-space-size=128 --import tsx bench/src/micro/stream-alloc.ts
 */
import { PerformanceObserver } from 'node:perf_hooks';
import type { BusMessage } from '../../../apps/api/src/bus/event-bus';
import { createMemoryBus } from '../../../apps/api/src/bus/memory-bus';
import { liveStream } from '../../../apps/api/src/live/stream';
import { liveStream as oldStream } from './_old-stream';

const N = 20_000;
let gcs = 0;
new PerformanceObserver((l) => {
  gcs += l.getEntries().length;
}).observe({ entryTypes: ['gc'] });

async function round(variant: 'before' | 'now') {
  const bus = createMemoryBus();
  const opts = {
    db: { liveEvent: { findMany: async () => [] } } as never,
    database: { hotPath: { newestEventId: async () => 0 } } as never,
    bus,
    accountId: 'a',
    userId: 'v',
    topics: ['visitor:v', 'channel:c'],
  };
  const map = async (e: BusMessage) => e.payload;
  const stream =
    variant === 'now'
      ? liveStream({ ...opts, map })
      : (async function* () {
          for await (const e of oldStream(opts)) yield await map(e);
        })();
  const event = (id: number): BusMessage => ({ id, accountId: 'a', topic: 'visitor:v', payload: { n: id } });
  // Warm up and subscribe.
  const first = stream.next();
  await new Promise((r) => setTimeout(r, 10));
  await bus.publish(event(1));
  await first;
  const events = Array.from({ length: N }, (_, i) => event(i + 2));
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 10));
  const gcBefore = gcs;
  const before = process.memoryUsage().heapUsed;
  for (const e of events) {
    const next = stream.next();
    await bus.publish(e);
    await next;
  }
  const allocated = (process.memoryUsage().heapUsed - before) / N;
  await stream.return(undefined);
  return gcs === gcBefore ? allocated : null;
}

const rows: Record<string, number[]> = { before: [], now: [] };
for (let r = 0; r < 7; r++)
  for (const v of ['before', 'now'] as const) {
    const b = await round(v);
    if (b !== null) rows[v]!.push(b);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [k, v] of Object.entries(rows))
  console.log(
    `${k.padEnd(7)} ${median(v)?.toFixed(0) ?? '—'} B allocated per event (rounds without GC: ${v.map((x) => x.toFixed(0)).join(' ')})`,
  );
