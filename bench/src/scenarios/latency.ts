import { type PhaseResult, phaseLine, runPhase } from '../lib/chatload';
import type { ServerProgram } from '../lib/program';
import { header, met, saveResult } from '../lib/results';
import { log } from '../lib/util';
import { chatTarget, envNum, teardown } from './common';
import { memoryBreakdown } from './idle';

export interface LatencyOptions {
  program?: ServerProgram;
  mode?: 'sqlite' | 'postgres';
  visitors: number;
  agents: number;
  rate: number;
  seconds: number;
}

/** One server, a 5 s warm-up, then `rate` messages/s for `seconds`: the measured phase. */
export async function measureLatency(
  o: LatencyOptions,
): Promise<{ programName: string; result: PhaseResult }> {
  const { target, world } = await chatTarget({
    ...(o.program ? { program: o.program } : {}),
    mode: o.mode ?? 'sqlite',
    visitors: o.visitors,
    agents: o.agents,
    cpuProf: process.env.BENCH_CPU_PROF,
  });
  try {
    const pid = target.procs[0]?.pid as number;
    log('warm-up 5 s');
    await runPhase(world, [pid], { rate: o.rate, seconds: 5 });
    const result = await runPhase(world, [pid], { rate: o.rate, seconds: o.seconds });
    log(phaseLine(result));
    // Where the memory under load is (bench/src/lib/probe.mjs): as it ran, then after a full GC.
    if (process.env.BENCH_MEMORY_BREAKDOWN) {
      const m = await target.procs[0]?.heap();
      log('memory under load:', JSON.stringify(memoryBreakdown((m?.live ?? null) as never)));
      log('after a full GC:', JSON.stringify(memoryBreakdown(m ?? null)));
    }
    return { programName: target.program.name, result };
  } finally {
    await teardown(target, world);
  }
}

/** Target: v→a p50 ≤ 5 ms, p99 ≤ 25 ms at 300 messages/s with 2,000 visitors and 20 agents (SQLite, one process). */
export async function latency(
  o: { visitors?: number; agents?: number; rate?: number; seconds?: number; tag?: string } = {},
) {
  const visitors = o.visitors ?? envNum('BENCH_VISITORS', 2000);
  const agents = o.agents ?? envNum('BENCH_AGENTS', 20);
  const rate = o.rate ?? envNum('BENCH_RATE', 300);
  const seconds = o.seconds ?? envNum('BENCH_SECONDS', 60);
  const { programName, result: r } = await measureLatency({ visitors, agents, rate, seconds });
  const ok50 = r.v2a.p50 <= 5;
  const ok99 = r.v2a.p99 <= 25;
  const md = `## Delivery latency${o.tag ? ` (${o.tag})` : ''}

${header(`${programName}, SQLite, 1 API process, ${visitors} visitors (each WS + widget.events, ping every 15 s), ${agents} agents (live.console), ${rate} msg/s for ${seconds} s (half visitor → agent, half agent → visitor; 20 % of visitor sends preceded by widget.typing)`)}

| metric | p50 | p95 | p99 | max | n | target | |
|---|---|---|---|---|---|---|---|
| visitor → agent console (ms) | ${r.v2a.p50} | ${r.v2a.p95} | ${r.v2a.p99} | ${r.v2a.max} | ${r.v2a.n} | p50 ≤ 5, p99 ≤ 25 | ${met(ok50)} / ${met(ok99)} |
| agent → visitor widget (ms) | ${r.a2v.p50} | ${r.a2v.p95} | ${r.a2v.p99} | ${r.a2v.max} | ${r.a2v.n} | — | |
| widget.send ack (ms) | ${r.ackVisitor.p50} | ${r.ackVisitor.p95} | ${r.ackVisitor.p99} | ${r.ackVisitor.max} | ${r.ackVisitor.n} | | |
| chats.send ack (ms) | ${r.ackAgent.p50} | ${r.ackAgent.p95} | ${r.ackAgent.p99} | ${r.ackAgent.max} | ${r.ackAgent.n} | | |

Achieved ${r.ackRate} msg/s acknowledged, ${r.deliveredRate} msg/s delivered, shed ${r.shed}, undelivered ${r.lost}, duplicates ${r.duplicates}; console events ${r.consoleEventsPerSec}/s across agents; server CPU ${r.server[0]?.cpuPct} % (${r.serverCpuMsPerMessage} ms per message), RSS under load ${r.server[0]?.rssMb} MB; generator CPU ${r.generatorCpuPct} %; errors ${JSON.stringify(r.errors)}; load ${r.loadAvg}.`;
  saveResult(o.tag ? `latency-${o.tag}` : 'latency', { visitors, agents, rate, seconds, result: r }, md);
  return r;
}
