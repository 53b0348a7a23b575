import { type PhaseResult, phaseLine, runPhase } from '../lib/chatload';
import { header, met, saveResult } from '../lib/results';
import { log } from '../lib/util';
import { chatTarget, envNum, teardown } from './common';

export function stepsFrom(env: string | undefined, def: number[]) {
  return env ? env.split(',').map(Number) : def;
}

/** Steps the rate up until p99 passes 100 ms or the server stops keeping up; returns every step. */
export async function stepUp(
  world: Parameters<typeof runPhase>[0],
  pids: number[],
  steps: number[],
  seconds: number,
) {
  const results: PhaseResult[] = [];
  // Not recorded: right after set-up (thousands of chats opened) the first seconds measure JIT and GC
  // catching up, not the rate (a first step once read p95 214 ms at 25 msg/s, the same step 15 ms later).
  log('warm-up 5 s');
  await runPhase(world, pids, { rate: steps[0] ?? 25, seconds: 5 });
  for (const rate of steps) {
    const r = await runPhase(world, pids, { rate, seconds });
    log(phaseLine(r));
    results.push(r);
    const p99 = Math.max(r.v2a.p99, r.a2v.p99);
    if (p99 > 100 || r.ackRate < rate * 0.9 || r.shed > 0) break;
  }
  const ok = results.filter(
    (r) => Math.max(r.v2a.p99, r.a2v.p99) <= 100 && r.ackRate >= r.targetRate * 0.9 && r.shed === 0,
  );
  const sustained = ok.length ? Math.max(...ok.map((r) => r.ackRate)) : 0;
  return { results, sustained };
}

export function stepTable(results: PhaseResult[]) {
  return `| target msg/s | acked msg/s | delivered msg/s | v→a p50 / p99 / max (ms) | a→v p50 / p99 (ms) | ack p50 / p99 (ms) | shed | lost | server CPU % | RSS MB | gen CPU % | errors | load |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${results
  .map(
    (r) =>
      `| ${r.targetRate} | ${r.ackRate} | ${r.deliveredRate} | ${r.v2a.p50} / ${r.v2a.p99} / ${r.v2a.max} | ${r.a2v.p50} / ${r.a2v.p99} | ${r.ackVisitor.p50} / ${r.ackVisitor.p99} | ${r.shed} | ${r.lost} | ${r.server.map((s) => s.cpuPct).join(' + ')} | ${r.server.map((s) => s.rssMb).join(' + ')} | ${r.generatorCpuPct} | ${
        Object.entries(r.errors)
          .map(([k, v]) => `${k}×${v}`)
          .join(', ') || '0'
      } | ${r.loadAvg} |`,
  )
  .join('\n')}`;
}

/** Target: ≥ 1,500 messages/s sustained (persisted and delivered) before p99 passes 100 ms (SQLite, one process). */
export async function throughput(
  o: { visitors?: number; agents?: number; seconds?: number; steps?: number[]; tag?: string } = {},
) {
  const visitors = o.visitors ?? envNum('BENCH_VISITORS', 2000);
  const agents = o.agents ?? envNum('BENCH_AGENTS', 20);
  const seconds = o.seconds ?? envNum('BENCH_SECONDS', 15);
  const steps =
    o.steps ?? stepsFrom(process.env.BENCH_STEPS, [100, 200, 300, 450, 600, 900, 1200, 1500, 1800]);
  const { target, world } = await chatTarget({
    mode: 'sqlite',
    visitors,
    agents,
    cpuProf: process.env.BENCH_CPU_PROF,
  });
  let out: Awaited<ReturnType<typeof stepUp>>;
  try {
    out = await stepUp(world, [target.procs[0]?.pid as number], steps, seconds);
  } finally {
    await teardown(target, world);
  }
  const md = `## Throughput${o.tag ? ` (${o.tag})` : ''}

${header(`SQLite, 1 API process, ${visitors} visitors, ${agents} agents, ${seconds} s per step, half visitor → agent and half agent → visitor`)}

**Sustained: ${out.sustained} msg/s** persisted (acknowledged) and delivered with p99 ≤ 100 ms — target ≥ 1,500: ${met(out.sustained >= 1500)}.

${stepTable(out.results)}`;
  saveResult(o.tag ? `throughput-${o.tag}` : 'throughput', { visitors, agents, seconds, steps, ...out }, md);
  return out;
}
