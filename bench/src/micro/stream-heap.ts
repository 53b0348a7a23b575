/**
 * JS heap per idle live stream (apps/api/src/live/stream.ts) as a widget socket holds one: subscribed
 * to its visitor topic and its channel's topic on the in-process bus, waiting for the next event. N
 * streams are opened and left waiting (bare; inside an async generator, as the widget's procedure
 * had it; with a `map`, as it has it now); heap used after a full GC, before and after, ÷ N. Leaves out
 * tRPC's and ws's per-socket objects (see bench/src/lib/heap-diff.mjs for the whole socket).
 *
 *   node --expose-gc --import tsx bench/src/micro/stream-heap.ts
 */
import { createMemoryBus } from '../../../apps/api/src/bus/memory-bus';
import { liveStream } from '../../../apps/api/src/live/stream';

const N = Number(process.env.N ?? 5000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const used = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

type Variant = 'stream' | 'generator' | 'map';

async function round(variant: Variant) {
  const bus = createMemoryBus();
  const database = { hotPath: { newestEventId: async () => 0 } } as never;
  const accountId = '0193a0b2-7c4e-7000-8000-000000000001';
  const channel = 'channel:0193a0b2-7c4e-7000-8000-0000000000aa';
  const aborts: AbortController[] = [];
  const pending: Promise<unknown>[] = [];
  const before = used();
  for (let i = 0; i < N; i++) {
    const abort = new AbortController();
    aborts.push(abort);
    const visitorId = `0193a0b2-7c4e-7000-8000-${String(i).padStart(12, '0')}`;
    const opts = {
      db: { liveEvent: { findMany: async () => [] } } as never,
      database,
      bus,
      accountId,
      userId: visitorId,
      topics: [`visitor:${visitorId}`, channel],
      signal: abort.signal,
    };
    let _names: Map<string, string> | undefined;
    // The widget's procedure before (an async generator around the stream) and now (the stream's map).
    const outer =
      variant === 'map'
        ? liveStream({
            ...opts,
            map: async (e) => {
              _names ??= new Map();
              return e;
            },
          })
        : variant === 'generator'
          ? (async function* () {
              for await (const e of liveStream(opts)) yield e;
            })()
          : liveStream(opts);
    pending.push(outer.next());
  }
  await new Promise((r) => setTimeout(r, 50));
  const after = used();
  for (const a of aborts) a.abort();
  await Promise.all(pending);
  return (after - before) / N;
}

const rows: Record<Variant, number[]> = { stream: [], generator: [], map: [] };
for (let r = 0; r < 5; r++) for (const v of Object.keys(rows) as Variant[]) rows[v].push(await round(v));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [k, v] of Object.entries(rows))
  console.log(
    `${k.padEnd(30)} ${median(v).toFixed(0).padStart(6)} B per stream (median of ${v.map((x) => x.toFixed(0)).join(' ')})`,
  );
