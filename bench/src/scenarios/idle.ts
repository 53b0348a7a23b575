import { type BenchVisitor, connectVisitor, createChannel, pool } from '../lib/clients';
import { header, met, saveResult } from '../lib/results';
import { ownerEmail, seedAccount } from '../lib/seed';
import { type ApiProcess, startTarget } from '../lib/server';
import { log, sleep } from '../lib/util';
import { envNum } from './common';

type Probe = Awaited<ReturnType<ApiProcess['heap']>>;

/** Where the server's memory is, in MB: V8's committed spaces, anonymous vs file-backed pages, malloc. */
export function memoryBreakdown(m: Probe) {
  if (!m) return null;
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  const spaces = Object.fromEntries(
    Object.entries(m.spaces ?? {}).map(([k, v]) => [
      k.replace(/_space$/, ''),
      `${mb(v.used)}/${mb(v.physical)}`,
    ]),
  );
  return {
    rss: mb(m.rss),
    heapUsed: mb(m.heapUsed),
    heapTotal: mb(m.heapTotal),
    v8Physical: mb(m.totalPhysical ?? 0),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    v8Malloced: mb(m.mallocedMemory ?? 0),
    anon: m.smaps ? mb((m.smaps.Anonymous ?? 0) * 1024) : null,
    fileBacked: m.smaps ? mb(((m.smaps.Rss ?? 0) - (m.smaps.Anonymous ?? 0)) * 1024) : null,
    spaces,
    handles: m.handles,
    gc: (m as { gc?: unknown }).gc,
  };
}

/** Targets: 10,000 connected idle visitors on one process at ≤ 20 KB each; idle server RSS ≤ 200 MB. */
export async function idle(o: { visitors?: number; tag?: string } = {}) {
  const total = o.visitors ?? envNum('BENCH_IDLE_VISITORS', 10_000);
  const batch = Math.min(1000, total);
  const target = await startTarget({ mode: 'sqlite', seed: (d) => seedAccount(d, 1).then(() => {}) });
  const api = target.procs[0]!;
  const rows: {
    visitors: number;
    rssMb: number;
    heapMb: number;
    rssPerConnKb: number;
    heapPerConnKb: number;
    connectPerSec: number;
  }[] = [];
  const visitors: BenchVisitor[] = [];
  let idleRss = 0;
  let idleHeap = 0;
  let afterSetupRss = 0;
  let afterSetupHeap = 0;
  let errors = 0;
  try {
    await sleep(3000);
    const m0 = await api.heap();
    idleRss = (m0?.rss ?? 0) / 2 ** 20;
    idleHeap = (m0?.heapUsed ?? 0) / 2 ** 20;
    log(
      `idle: rss ${idleRss.toFixed(1)} MB heapUsed ${idleHeap.toFixed(1)} MB (after GC), /proc VmRSS ${(api.rssKb() / 1024).toFixed(1)} MB`,
    );
    const channelKey = await createChannel(api.url, ownerEmail);
    // One visitor first so that lazily loaded code paths are in the baseline.
    visitors.push(await connectVisitor(api.url, channelKey, {}));
    await sleep(500);
    const base = await api.heap();
    log('after one visitor:', JSON.stringify(memoryBreakdown(base)));
    afterSetupRss = (base?.rss ?? 0) / 2 ** 20;
    afterSetupHeap = (base?.heapUsed ?? 0) / 2 ** 20;
    while (visitors.length < total) {
      const n = Math.min(batch, total - visitors.length);
      const t0 = performance.now();
      const got = await pool(Array.from({ length: n }), 32, () =>
        connectVisitor(api.url, channelKey, {}).catch((err: unknown) => {
          errors++;
          // The first few say why (a timeout on a starved machine, or a refusal).
          if (errors <= 3)
            log(`connect error ${errors}: ${err instanceof Error ? err.message : String(err)}`);
          return null;
        }),
      );
      for (const v of got) if (v) visitors.push(v);
      const rate = n / ((performance.now() - t0) / 1000);
      await sleep(1000);
      const m = await api.heap();
      const rssMb = (m?.rss ?? 0) / 2 ** 20;
      const heapMb = (m?.heapUsed ?? 0) / 2 ** 20;
      const conns = visitors.length - 1;
      rows.push({
        visitors: visitors.length,
        rssMb: Math.round(rssMb * 10) / 10,
        heapMb: Math.round(heapMb * 10) / 10,
        rssPerConnKb: Math.round((((rssMb - afterSetupRss) * 1024) / conns) * 10) / 10,
        heapPerConnKb: Math.round((((heapMb - afterSetupHeap) * 1024) / conns) * 10) / 10,
        connectPerSec: Math.round(rate),
      });
      log(JSON.stringify(memoryBreakdown(m)));
      log(
        `${visitors.length} visitors: rss ${rssMb.toFixed(1)} MB heap ${heapMb.toFixed(1)} MB, per connection rss ${rows.at(-1)?.rssPerConnKb} KB heap ${rows.at(-1)?.heapPerConnKb} KB, ${Math.round(rate)}/s, errors ${errors}`,
      );
    }
  } finally {
    for (const v of visitors) v.close();
    await target.cleanup();
  }
  const last = rows.at(-1);
  const md = `## Idle memory${o.tag ? ` (${o.tag})` : ''}

${header(`SQLite, 1 API process; visitors each do widget.start over HTTP then hold one WS with a widget.events subscription (no pings: pure connection cost); memory after a forced full GC in the server (preloaded probe), RSS includes freed-but-not-returned pages`)}

| figure | value | target | |
|---|---|---|---|
| idle server RSS (after start, GC) | ${idleRss.toFixed(1)} MB (heap used ${idleHeap.toFixed(1)} MB) | ≤ 200 MB | ${met(idleRss <= 200)} |
| connected idle visitors held | ${last?.visitors ?? 0} (connect errors ${errors}) | 10,000 | ${met((last?.visitors ?? 0) >= 10_000 && errors === 0)} |
| memory per connection (RSS) | ${last?.rssPerConnKb ?? '—'} KB | ≤ 20 KB | ${met((last?.rssPerConnKb ?? 1e9) <= 20)} |
| memory per connection (JS heap) | ${last?.heapPerConnKb ?? '—'} KB | | |

| visitors | RSS MB | heap used MB | RSS / conn KB | heap / conn KB | visitors started/s |
|---|---|---|---|---|---|
${rows.map((r) => `| ${r.visitors} | ${r.rssMb} | ${r.heapMb} | ${r.rssPerConnKb} | ${r.heapPerConnKb} | ${r.connectPerSec} |`).join('\n')}`;
  saveResult(
    o.tag ? `idle-${o.tag}` : 'idle',
    { total, idleRss, idleHeap, afterSetupRss, afterSetupHeap, rows, errors },
    md,
  );
}
