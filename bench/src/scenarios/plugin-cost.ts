import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMemoryStorage, createPluginRuntime, type PluginRuntime } from '@parley/integrations';
import { repoRoot } from '../lib/paths';
import { header, saveResult } from '../lib/results';

/**
 * What isolating a third-party plugin costs: the same plugin (examples/parley-plugin-example, a
 * signed-webhook channel) run in the server's process and in a worker thread, and the memory each
 * isolated package adds. Timed at the plugin host (webhook parse, send through ctx.fetch to a local
 * provider): the HTTP and database work around it is the same in both modes.
 *
 *   node --conditions=@parley/source --import tsx bench/src/scenarios/plugin-cost.ts
 */
const ROUNDS = Number(process.env.BENCH_PLUGIN_ROUNDS ?? 2000);
const SECRET = 'bridge-signing-secret-0123';
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (n: number) => `${n.toFixed(3)} ms`;

async function runtimeFor(packages: string[], isolate: boolean): Promise<PluginRuntime> {
  return createPluginRuntime({
    builtins: [],
    packages,
    isolate,
    logger: silent,
    storage: createMemoryStorage(),
    secretKey: 'bench-secret-key-0123456789',
    defaults: { retry: { attempts: 1 } },
  });
}

type Timings = { webhook: number[]; send: number[] };

async function installExample(isolate: boolean, providerUrl: string) {
  const runtime = await runtimeFor(['parley-plugin-example'], isolate);
  const created = await runtime.host.createInstall({
    accountId: 'bench',
    name: 'parley-plugin-example',
    config: { outboundUrl: `${providerUrl}/replies`, signingSecret: SECRET },
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return { runtime, id: created.install.id, timings: { webhook: [], send: [] } as Timings };
}

/** Both modes side by side, alternating call by call, so a busy machine weighs on both alike. */
async function timeCalls(providerUrl: string, signedHeaders: (s: string, b: string) => object) {
  const modes = [await installExample(false, providerUrl), await installExample(true, providerUrl)];
  for (let i = 0; i < ROUNDS + 100; i++) {
    for (const { runtime, id, timings } of modes) {
      const body = JSON.stringify({ id: `m-${i}`, from: { id: 'u-1', name: 'Bench' }, text: `hello ${i}` });
      const t0 = performance.now();
      await runtime.host.handleWebhook(id, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body) },
        query: {},
        rawBody: Buffer.from(body),
      });
      const t1 = performance.now();
      await runtime.host.send(id, { to: { externalId: 'u-1' }, text: `reply ${i}` });
      const t2 = performance.now();
      // The first 100 warm up the JIT and the connection pool.
      if (i >= 100) {
        timings.webhook.push(t1 - t0);
        timings.send.push(t2 - t1);
      }
    }
  }
  return Promise.all(
    modes.map(async ({ runtime, timings }) => {
      await runtime.host.close();
      timings.webhook.sort((a, b) => a - b);
      timings.send.sort((a, b) => a - b);
      return {
        webhookP50: percentile(timings.webhook, 50),
        webhookP99: percentile(timings.webhook, 99),
        sendP50: percentile(timings.send, 50),
        sendP99: percentile(timings.send, 99),
      };
    }),
  );
}

async function memoryPerWorker() {
  const fixtures = path.join(repoRoot, 'packages/integrations/test/fixtures/plugins');
  const packages = ['well-behaved', 'exit-in-webhook', 'busy-loop', 'leak', 'fetch-hijacker'].map((p) =>
    path.join(fixtures, p),
  );
  const settle = async () => {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 1500));
  };
  await settle();
  const before = process.memoryUsage().rss;
  const runtime = await runtimeFor(packages, true);
  await settle();
  const after = process.memoryUsage().rss;
  const heaps = runtime.status().map((s) => s.memoryMb ?? 0);
  // Heaps are reported on the liveness ping; all have answered one after the settle above.
  await runtime.host.close();
  return {
    workers: packages.length,
    rssPerWorkerMb: (after - before) / packages.length / 1024 / 1024,
    workerHeapMb: heaps.reduce((a, b) => a + b, 0) / heaps.length,
  };
}

export async function pluginCost() {
  const provider = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `r-${Math.random().toString(36).slice(2)}` }));
    });
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
  const providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  const example = (await import(
    pathToFileURL(path.join(repoRoot, 'examples/parley-plugin-example/dist/signature.js')).href
  )) as { signedHeaders: (s: string, b: string) => object };
  // Memory first, on a fresh process, then the timings.
  const memory = await memoryPerWorker();
  const [inProcess, isolated] = (await timeCalls(providerUrl, example.signedHeaders)) as [
    Awaited<ReturnType<typeof timeCalls>>[number],
    Awaited<ReturnType<typeof timeCalls>>[number],
  ];
  provider.close();

  const row = (what: string, a: number, b: number) => `| ${what} | ${ms(a)} | ${ms(b)} | +${ms(b - a)} |`;
  const markdown = [
    '## Plugin isolation cost',
    '',
    header(`plugin-cost, ${ROUNDS} webhook + send rounds per mode, example plugin, provider on 127.0.0.1`),
    '',
    '| per call, at the plugin host | in-process | worker thread | added |',
    '|---|---|---|---|',
    row('webhook (verify signature, parse) p50', inProcess.webhookP50, isolated.webhookP50),
    row('webhook p99', inProcess.webhookP99, isolated.webhookP99),
    row('send (ctx.fetch to the provider) p50', inProcess.sendP50, isolated.sendP50),
    row('send p99', inProcess.sendP99, isolated.sendP99),
    '',
    `Memory: ${memory.workers} isolated packages added **${memory.rssPerWorkerMb.toFixed(1)} MB RSS each** ` +
      `(worker heap and Buffers ${memory.workerHeapMb.toFixed(1)} MB each, the rest V8 isolate, Node's ` +
      'bootstrap and the package with its zod).',
  ].join('\n');
  console.log(markdown);
  saveResult('plugin-cost', { inProcess, isolated, memory, rounds: ROUNDS }, markdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await pluginCost();
  process.exit(0);
}
