import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type PhaseResult, phaseLine, runPhase } from '../lib/chatload';
import { benchTmp, repoRoot } from '../lib/paths';
import { parley, type ServerProgram } from '../lib/program';
import { header, met, saveResult } from '../lib/results';
import { log } from '../lib/util';
import { chatTarget, envNum, teardown } from './common';
import { DEFAULT_STEPS, stepsFrom, stepUp } from './throughput';

/**
 * Issue 18: "adding the rollup work costs the message path ≤ 5 % throughput". The same built server
 * with the statistics rollup off (STATS_ROLLUP=off) and on with a short interval (so it runs many
 * times during the load), interleaved off, on, off, on … so both modes share the machine's state of
 * the moment. Per mode: a fixed-rate phase (CPU per message, p99), then the throughput step-up
 * (sustained rate); the rollup's own runs and the process's event-loop delay come from a preloaded
 * probe (bench/src/lib/rollup-probe.mjs) listening to the job's diagnostics channel.
 */

const probeModule = path.join(repoRoot, 'bench/src/lib/rollup-probe.mjs');

interface TRollupRun {
  at: number;
  accounts: number;
  chats: number;
  /** Message rows the run read and folded (absent before the incremental rollup). */
  messages?: number;
  ms: number;
  maxBlockMs: number;
  /** The run's longest write transaction (absent before it was published). */
  longestTxMs?: number;
}
interface TProbe {
  runs: TRollupRun[];
  seconds: { at: number; maxMs: number }[];
}

interface TSample {
  round: number;
  mode: 'off' | 'on';
  latency: PhaseResult;
  sustained: number;
  steps: PhaseResult[];
  /** Rollup runs during the measured phases (on only). */
  runs: TRollupRun[];
  /** Longest event-loop delay of the process during the fixed-rate phase. */
  loopMaxMs: number;
}

function readProbe(file: string): TProbe {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TProbe;
  } catch {
    return { runs: [], seconds: [] };
  }
}

async function measure(mode: 'off' | 'on', round: number, o: TOptions): Promise<TSample> {
  const probeFile = path.join(benchTmp(), `parley-rollup-probe-${randomBytes(4).toString('hex')}.json`);
  const program: ServerProgram = {
    ...parley,
    name: `Parley (STATS_ROLLUP=${mode})`,
    env: { STATS_ROLLUP: mode, STATS_ROLLUP_SECONDS: String(o.interval), BENCH_ROLLUP_PROBE_FILE: probeFile },
  };
  const before = process.env.BENCH_NODE_FLAGS;
  process.env.BENCH_NODE_FLAGS = `${before ?? ''} --import ${probeModule}`.trim();
  const { target, world } = await chatTarget({
    program,
    mode: 'sqlite',
    visitors: o.visitors,
    agents: o.agents,
  });
  if (before === undefined) delete process.env.BENCH_NODE_FLAGS;
  else process.env.BENCH_NODE_FLAGS = before;
  try {
    const pid = target.procs[0]?.pid as number;
    log(`round ${round}: ${mode}, warm-up 5 s`);
    await runPhase(world, [pid], { rate: o.rate, seconds: 5 });
    const t0 = Date.now();
    const latency = await runPhase(world, [pid], { rate: o.rate, seconds: o.seconds });
    const t1 = Date.now();
    log(phaseLine(latency));
    const up = await stepUp(world, [pid], o.steps, o.stepSeconds);
    await new Promise((r) => setTimeout(r, 1100));
    const probe = readProbe(probeFile);
    const inLatency = probe.seconds.filter((s) => s.at > t0 && s.at <= t1 + 1000);
    return {
      round,
      mode,
      latency,
      sustained: up.sustained,
      steps: up.results,
      runs: probe.runs.filter((r) => r.at >= t0),
      loopMaxMs: Math.max(0, ...inLatency.map((s) => s.maxMs)),
    };
  } finally {
    await teardown(target, world);
    rmSync(probeFile, { force: true });
  }
}

interface TOptions {
  rounds: number;
  visitors: number;
  agents: number;
  rate: number;
  seconds: number;
  stepSeconds: number;
  steps: number[];
  interval: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : Number.NaN;
};
const round1 = (n: number) => Math.round(n * 10) / 10;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

export async function statsRollup() {
  const o: TOptions = {
    rounds: envNum('BENCH_ROUNDS', 2),
    visitors: envNum('BENCH_VISITORS', 2000),
    agents: envNum('BENCH_AGENTS', 20),
    rate: envNum('BENCH_RATE', 300),
    seconds: envNum('BENCH_SECONDS', 30),
    stepSeconds: envNum('BENCH_STEP_SECONDS', 10),
    steps: stepsFrom(process.env.BENCH_STEPS, DEFAULT_STEPS),
    interval: envNum('BENCH_ROLLUP_SECONDS', 3),
  };
  const samples: TSample[] = [];
  for (let round = 1; round <= o.rounds; round++)
    for (const mode of ['off', 'on'] as const) samples.push(await measure(mode, round, o));
  const of = (mode: 'off' | 'on') => samples.filter((s) => s.mode === mode);
  const summary = (mode: 'off' | 'on') => {
    const s = of(mode);
    const runs = s.flatMap((x) => x.runs);
    return {
      cpu: median(s.map((x) => x.latency.serverCpuMsPerMessage)),
      p99: median(s.map((x) => Math.max(x.latency.v2a.p99, x.latency.a2v.p99))),
      sustained: median(s.map((x) => x.sustained)),
      loopMax: Math.max(...s.map((x) => x.loopMaxMs)),
      runs: runs.length,
      chats: runs.reduce((n, r) => n + r.chats, 0),
      messages: runs.reduce((n, r) => n + (r.messages ?? 0), 0),
      runMs: median(runs.map((r) => r.ms)),
      jobBlock: runs.length ? Math.max(...runs.map((r) => r.maxBlockMs)) : Number.NaN,
    };
  };
  const off = summary('off');
  const on = summary('on');
  const cost = off.sustained > 0 ? (1 - on.sustained / off.sustained) * 100 : Number.NaN;
  const rows = samples
    .map(
      (s) =>
        `| ${s.round} | ${s.mode} | ${round3(s.latency.serverCpuMsPerMessage)} | ${s.latency.v2a.p50} / ${s.latency.v2a.p99} | ${s.latency.a2v.p99} | ${s.latency.ackRate} | ${round1(s.loopMaxMs)} | ${s.sustained} | ${s.runs.length} | ${s.runs.reduce((n, r) => n + r.chats, 0)} | ${s.runs.reduce((n, r) => n + (r.messages ?? 0), 0)} | ${s.runs.length ? round1(Math.max(...s.runs.map((r) => r.maxBlockMs))) : '—'} | ${s.runs.some((r) => r.longestTxMs !== undefined) ? round1(Math.max(...s.runs.map((r) => r.longestTxMs ?? 0))) : '—'} | ${s.latency.loadAvg} |`,
    )
    .join('\n');
  const md = `## Statistics rollup cost on the message path

${header(`Parley built bundle, SQLite, 1 API process, ${o.visitors} visitors, ${o.agents} agents; STATS_ROLLUP=off and =on (every ${o.interval} s) interleaved, ${o.rounds} round(s); per mode a ${o.rate} msg/s phase of ${o.seconds} s after a 5 s warm-up, then the step-up ${o.steps.join(', ')} msg/s, ${o.stepSeconds} s each`)}

| round | rollup | CPU ms/msg | v→a p50 / p99 (ms) | a→v p99 (ms) | acked msg/s | longest loop delay (ms) | sustained msg/s | rollup runs | conversations recomputed | messages read | longest block of a run (ms) | longest transaction of a run (ms) | load |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows}

Medians over rounds — off: ${round3(off.cpu)} ms CPU per message, p99 ${off.p99} ms, sustained ${off.sustained} msg/s, longest loop delay ${round1(off.loopMax)} ms. On: ${round3(on.cpu)} ms CPU per message, p99 ${on.p99} ms, sustained ${on.sustained} msg/s, longest loop delay ${round1(on.loopMax)} ms; ${on.runs} runs recomputed ${on.chats} conversations from ${on.messages} message rows read (median run ${round1(on.runMs)} ms), the longest event-loop block while a run went on ${round1(on.jobBlock)} ms.

**Throughput cost of the rollup: ${round1(cost)} %** (1 − sustained on / sustained off, medians) — target ≤ 5 %: ${met(cost <= 5)}. CPU per message ${off.cpu > 0 ? `${round1((on.cpu / off.cpu - 1) * 100)} %` : '—'} (on vs off).

CPU per message: server CPU (user + system) over the fixed-rate phase ÷ messages acknowledged. Longest loop delay: the process's event-loop delay beyond the 1 ms sampling interval (monitorEventLoopDelay) during the fixed-rate phase. Longest block of a run: the same histogram kept by the job itself over each run (rollup-job.ts publishes it on the \`parley:stats-rollup\` diagnostics channel). Longest transaction of a run: from the first statement of the job's longest write transaction to its commit (on SQLite the message path's writes wait that long). Sustained: the step-up's highest rate with p99 ≤ 100 ms both ways and nothing shed (bench/README.md).`;
  saveResult('stats-rollup', { options: o, samples, off, on, costPct: cost }, md);
  console.log(`\n${md}\n`);
  return { off, on, cost };
}
