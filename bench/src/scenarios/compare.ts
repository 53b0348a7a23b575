import type { CompareRole, CompareSample } from '../lib/compare-table';
import { compareMarkdown } from '../lib/compare-table';
import { parley, referenceProgram, type ServerProgram } from '../lib/program';
import { header, saveResult } from '../lib/results';
import { log } from '../lib/util';
import { envNum } from './common';
import { measureLatency } from './latency';
import { DEFAULT_STEPS, measureThroughput, stepsFrom, stopAfterFromEnv } from './throughput';

interface CompareServer {
  key: string;
  label: string;
  role: CompareRole;
  program: ServerProgram;
  mode: 'sqlite' | 'postgres';
}

/** The servers BENCH_COMPARE_SERVERS can name; `-pg`: on a fresh database of the machine's PostgreSQL. */
const SERVERS: Record<string, CompareServer> = {
  parley: { key: 'parley', label: 'Parley', role: 'parley', program: parley, mode: 'sqlite' },
  'parley-pg': {
    key: 'parley-pg',
    label: 'Parley (PostgreSQL)',
    role: 'parley',
    program: parley,
    mode: 'postgres',
  },
  a: { key: 'a', label: 'reference A', role: 'reference-a', program: referenceProgram('A'), mode: 'sqlite' },
  b: { key: 'b', label: 'reference B', role: 'reference-b', program: referenceProgram('B'), mode: 'sqlite' },
  'a-pg': {
    key: 'a-pg',
    label: 'reference A (PostgreSQL)',
    role: 'reference-a',
    program: referenceProgram('A'),
    mode: 'postgres',
  },
  'b-pg': {
    key: 'b-pg',
    label: 'reference B (PostgreSQL)',
    role: 'reference-b',
    program: referenceProgram('B'),
    mode: 'postgres',
  },
};

export function serversFrom(list: string): CompareServer[] {
  return list.split(',').map((raw) => {
    const s = SERVERS[raw.trim().toLowerCase()];
    if (!s)
      throw new Error(`BENCH_COMPARE_SERVERS: unknown ${raw}; one of ${Object.keys(SERVERS).join(', ')}`);
    return s;
  });
}

/**
 * Parley beside bench/reference, interleaved (Parley, A, B, Parley, A, B …) so that each round's
 * servers share the machine's state of the moment: the issue's targets are ratios within a round.
 * Each round runs the latency scenario for every server, then the throughput step-up for every server.
 */
export async function compare() {
  const servers = serversFrom(process.env.BENCH_COMPARE_SERVERS ?? 'parley,a,b');
  const scenarios = (process.env.BENCH_COMPARE_SCENARIOS ?? 'latency,throughput').split(',');
  const rounds = envNum('BENCH_COMPARE_ROUNDS', 3);
  const visitors = envNum('BENCH_VISITORS', 2000);
  const agents = envNum('BENCH_AGENTS', 20);
  const rate = envNum('BENCH_RATE', 300);
  const latencySeconds = envNum('BENCH_SECONDS', 30);
  const stepSeconds = envNum('BENCH_STEP_SECONDS', 10);
  const steps = stepsFrom(process.env.BENCH_STEPS, DEFAULT_STEPS);
  const samples: CompareSample[] = [];
  for (let round = 1; round <= rounds; round++) {
    const inRound = servers.map((s) => {
      const sample: CompareSample = { round, server: s.label, role: s.role, database: s.mode };
      samples.push(sample);
      return { s, sample };
    });
    if (scenarios.includes('latency'))
      for (const { s, sample } of inRound) {
        log(`round ${round}/${rounds}: latency, ${s.label}`);
        const { result: r } = await measureLatency({
          program: s.program,
          mode: s.mode,
          visitors,
          agents,
          rate,
          seconds: latencySeconds,
        });
        sample.latency = {
          rate,
          cpuMsPerMessage: r.serverCpuMsPerMessage,
          v2a: { p50: r.v2a.p50, p99: r.v2a.p99 },
          a2v: { p50: r.a2v.p50, p99: r.a2v.p99 },
          rssMb: r.server[0]?.rssMb ?? Number.NaN,
          ackRate: r.ackRate,
        };
      }
    if (scenarios.includes('throughput'))
      for (const { s, sample } of inRound) {
        log(`round ${round}/${rounds}: throughput, ${s.label}`);
        const out = await measureThroughput({
          program: s.program,
          mode: s.mode,
          visitors,
          agents,
          seconds: stepSeconds,
          steps,
        });
        sample.throughput = { sustained: out.sustained, lastStep: out.results.at(-1)?.targetRate ?? 0 };
      }
    // Printed as each round ends, so an interrupted run still leaves its finished rounds on screen.
    console.log(`\n${compareMarkdown(samples)}\n`);
  }
  const md = `## Reference comparison

${header(`${servers.map((s) => s.label).join(', ')} interleaved, ${rounds} round(s); ${visitors} visitors, ${agents} agents; latency: ${rate} msg/s for ${latencySeconds} s after a 5 s warm-up; step-up: ${steps.join(', ')} msg/s, ${stepSeconds} s each, ending after ${stopAfterFromEnv()} step(s) in a row over p99 100 ms or the first that fell behind`)}

${compareMarkdown(samples)}

CPU per message: server CPU time (user + system, /proc) from the start of the latency phase until its messages were acknowledged and delivered, ÷ messages acknowledged (both directions; the visitors' pings and typing come with it). RSS under load: at the end of the latency phase. Sustained: the highest step-up rate with p99 ≤ 100 ms both ways, acknowledged at ≥ 90 % of the offered rate, nothing shed. Each Parley row is put over the references of its round on the same database (SQLite or PostgreSQL); on PostgreSQL the CPU is the API process's only, not the database server's (bench/README.md).`;
  saveResult('compare', { servers: servers.map((s) => s.key), rounds, visitors, agents, rate, samples }, md);
  return samples;
}
