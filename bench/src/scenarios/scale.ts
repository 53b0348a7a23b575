import { header, met, saveResult } from '../lib/results';
import { log } from '../lib/util';
import { chatTarget, envNum, teardown } from './common';
import { stepsFrom, stepTable, stepUp } from './throughput';

/** Target: with PostgreSQL + Redis, 2 API processes deliver ≥ 1.7× the messages/s of one, same p99 target. */
export async function scale() {
  const visitors = envNum('BENCH_VISITORS', 2000);
  const agents = envNum('BENCH_AGENTS', 20);
  const seconds = envNum('BENCH_SECONDS', 15);
  const steps = stepsFrom(process.env.BENCH_STEPS, [100, 200, 300, 450, 600, 900, 1200, 1500]);
  const runs: Record<number, Awaited<ReturnType<typeof stepUp>>> = {};
  for (const processes of [1, 2]) {
    const { target, world } = await chatTarget({ mode: 'postgres', processes, visitors, agents });
    try {
      runs[processes] = await stepUp(
        world,
        target.procs.map((p) => p.pid),
        steps,
        seconds,
      );
      log(`${processes} process(es): sustained ${runs[processes]?.sustained} msg/s`);
    } finally {
      await teardown(target, world);
    }
  }
  const one = runs[1]?.sustained ?? 0;
  const two = runs[2]?.sustained ?? 0;
  const ratio = one > 0 ? two / one : 0;
  const md = `## Scale-out (PostgreSQL + Redis)

${header(`PostgreSQL 15 + Redis on this machine, fresh database per run, ${visitors} visitors and ${agents} agents spread round-robin over the processes, ${seconds} s per step`)}

**1 process: ${one} msg/s, 2 processes: ${two} msg/s sustained with p99 ≤ 100 ms → ${ratio.toFixed(2)}×** — target ≥ 1.7×: ${met(ratio >= 1.7)}

### 1 process
${stepTable(runs[1]?.results ?? [])}

### 2 processes
${stepTable(runs[2]?.results ?? [])}`;
  saveResult('scale', { visitors, agents, seconds, steps, runs }, md);
}
