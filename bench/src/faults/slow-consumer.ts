import WebSocket from 'ws';
import { phaseLine, runPhase } from '../lib/chatload';
import { connectAgent } from '../lib/clients';
import { header, met, saveResult } from '../lib/results';
import { agentEmail } from '../lib/seed';
import { log, sleep } from '../lib/util';
import { chatTarget, envNum, teardown } from '../scenarios/common';

/** An agent that stops reading its socket must not slow the others; server memory must stay bounded. */
export async function slowConsumer() {
  const visitors = envNum('BENCH_VISITORS', 300);
  const agents = envNum('BENCH_AGENTS', 10);
  const rate = envNum('BENCH_RATE', 100);
  const seconds = envNum('BENCH_SECONDS', 30);
  // One more agent (index = agents) is the slow one.
  const { target, world } = await chatTarget({ mode: 'sqlite', visitors, agents: agents + 1 });
  const api = target.procs[0]!;
  const mem: { t: number; rssMb: number; heapMb: number; externalMb: number; phase: string }[] = [];
  let baseline!: Awaited<ReturnType<typeof runPhase>>;
  let withSlow!: Awaited<ReturnType<typeof runPhase>>;
  let slowClosed = false;
  let slowReceivedBeforePause = 0;
  try {
    // The slow agent: drop its normal connection, open a raw socket, subscribe, then stop reading.
    world.agents[agents]?.close();
    const slowLogin = await connectAgent(api.url, agentEmail(agents), {}, { subscribe: false });
    const raw = new WebSocket(`${api.url.replace(/^http/, 'ws')}/trpc`, {
      headers: { cookie: slowLogin.cookie() },
    });
    await new Promise((r) => raw.once('open', r));
    raw.on('message', () => slowReceivedBeforePause++);
    raw.on('close', () => {
      slowClosed = true;
    });
    raw.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'live.console', input: {} } }));
    await sleep(500);
    const sample = async (phase: string) => {
      const m = await api.heap();
      if (m)
        mem.push({
          t: Date.now(),
          phase,
          rssMb: Math.round(m.rss / 2 ** 20),
          heapMb: Math.round(m.heapUsed / 2 ** 20),
          externalMb: Math.round((m.external + m.arrayBuffers) / 2 ** 20),
        });
    };
    await sample('before');
    log('baseline: slow agent still reading');
    baseline = await runPhase(world, [api.pid], { rate, seconds: Math.max(10, seconds / 2) });
    log(phaseLine(baseline));
    await sample('after baseline');
    // Stop reading: the kernel buffers fill, then everything queues in the server.
    (raw as unknown as { _socket: { pause(): void } })._socket.pause();
    log('slow agent paused its socket');
    const sampler = setInterval(() => void sample('slow agent paused'), 5000);
    withSlow = await runPhase(world, [api.pid], { rate, seconds });
    clearInterval(sampler);
    log(phaseLine(withSlow));
    await sample('after load');
    raw.terminate();
    slowLogin.close();
  } finally {
    await teardown(target, world);
  }
  const growth = (mem.at(-1)?.rssMb ?? 0) - (mem.find((m) => m.phase === 'after baseline')?.rssMb ?? 0);
  const notSlowed = withSlow.v2a.p99 <= Math.max(2 * baseline.v2a.p99, baseline.v2a.p99 + 20);
  const md = `## Fault: slow consumer

${header(`SQLite, 1 API process, ${visitors} visitors, ${agents} normal agents + 1 agent whose socket stops being read (TCP paused, subscription open), ${rate} msg/s`)}

| phase | v→a p50 / p99 (ms) | a→v p50 / p99 (ms) | acked msg/s | server RSS MB |
|---|---|---|---|---|
| slow agent reading | ${baseline.v2a.p50} / ${baseline.v2a.p99} | ${baseline.a2v.p50} / ${baseline.a2v.p99} | ${baseline.ackRate} | ${baseline.server[0]?.rssMb} |
| slow agent paused ${seconds} s | ${withSlow.v2a.p50} / ${withSlow.v2a.p99} | ${withSlow.a2v.p50} / ${withSlow.a2v.p99} | ${withSlow.ackRate} | ${withSlow.server[0]?.rssMb} |

Others not slowed: ${met(notSlowed)}. Server memory (after GC) over time: ${mem.map((m) => `${m.phase}: RSS ${m.rssMb} / heap ${m.heapMb} / external+buffers ${m.externalMb} MB`).join('; ')} — RSS growth while paused ${growth} MB; slow socket closed by the server: ${slowClosed ? 'yes' : 'no'} — bounded: ${met(slowClosed || growth < 20)}.`;
  saveResult(
    'slow-consumer',
    { visitors, agents, rate, seconds, baseline, withSlow, mem, slowClosed, slowReceivedBeforePause },
    md,
  );
}
