import { fmt } from './util';

/** Which side of the comparison a server is on; the ratios put each Parley run over the reference. */
export type CompareRole = 'parley' | 'reference-a' | 'reference-b';

/** One server's figures from one round (each scenario on a fresh target). */
export interface CompareSample {
  round: number;
  server: string;
  role: CompareRole;
  /** Parley is compared with the reference on the same database only. */
  database: 'sqlite' | 'postgres';
  /** From the latency scenario (the 300 msg/s). */
  latency?: {
    rate: number;
    cpuMsPerMessage: number;
    v2a: { p50: number; p99: number };
    a2v: { p50: number; p99: number };
    rssMb: number;
    ackRate: number;
  };
  /** From the step-up: the highest step with p99 ≤ 100 ms both ways that kept up. */
  throughput?: { sustained: number; lastStep: number };
}

/** The targets (one API process, ratios against the reference in the same round). */
export const TARGETS = {
  cpuOverReferenceB: 1.5,
  p99Ms: 25,
  sustainedOverReference: 0.6,
  rssOverReference: 1.5,
} as const;

export interface RoundRatios {
  round: number;
  server: string;
  /** Parley's CPU per message ÷ reference B's. */
  cpu: number;
  v2aP99: number;
  a2vP99: number;
  /** Parley's sustained rate ÷ the better of reference A and B. */
  sustained: number;
  /** Parley's RSS under load ÷ the smaller of reference A and B. */
  rss: number;
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0
    ? Number.NaN
    : a / b;
const pick = <T>(xs: T[]) => (xs.length ? xs : undefined);

/** Per round and Parley run: the ratios the targets are stated in, against the references on its database. */
export function roundRatios(samples: CompareSample[]): RoundRatios[] {
  const rounds = [...new Set(samples.map((s) => s.round))].sort((a, b) => a - b);
  return rounds.flatMap((round) => {
    const inRound = samples.filter((s) => s.round === round);
    return inRound
      .filter((s) => s.role === 'parley')
      .map((p) => {
        const refs = inRound.filter((s) => s.role !== 'parley' && s.database === p.database);
        const refB = refs.find((s) => s.role === 'reference-b');
        const bestSustained = pick(refs.flatMap((s) => (s.throughput ? [s.throughput.sustained] : [])));
        const leastRss = pick(refs.flatMap((s) => (s.latency ? [s.latency.rssMb] : [])));
        return {
          round,
          server: p.server,
          cpu: ratio(p.latency?.cpuMsPerMessage, refB?.latency?.cpuMsPerMessage),
          v2aP99: p.latency?.v2a.p99 ?? Number.NaN,
          a2vP99: p.latency?.a2v.p99 ?? Number.NaN,
          sustained: ratio(p.throughput?.sustained, bestSustained && Math.max(...bestSustained)),
          rss: ratio(p.latency?.rssMb, leastRss && Math.min(...leastRss)),
        };
      });
  });
}

export function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const verdict = (value: number, ok: (v: number) => boolean) =>
  Number.isFinite(value) ? (ok(value) ? ' ✅' : ' ❌') : '';

/** The figures of every server in every round, then the ratios against the targets and their medians. */
export function compareMarkdown(samples: CompareSample[]): string {
  const figures = samples
    .map((s) => {
      const l = s.latency;
      return `| ${s.round} | ${s.server} | ${fmt(l?.cpuMsPerMessage, 2)} | ${fmt(l?.v2a.p50)} / ${fmt(l?.v2a.p99)} | ${fmt(l?.a2v.p50)} / ${fmt(l?.a2v.p99)} | ${l ? l.ackRate : '—'} | ${fmt(l?.rssMb, 0)} | ${s.throughput ? s.throughput.sustained : '—'} |`;
    })
    .join('\n');
  const ratios = roundRatios(samples);
  const row = (r: Omit<RoundRatios, 'round'> & { round: number | string }) =>
    `| ${r.round} | ${r.server} | ${fmt(r.cpu, 2)}${verdict(r.cpu, (v) => v <= TARGETS.cpuOverReferenceB)} | ${fmt(r.v2aP99)}${verdict(r.v2aP99, (v) => v <= TARGETS.p99Ms)} | ${fmt(r.a2vP99)}${verdict(r.a2vP99, (v) => v <= TARGETS.p99Ms)} | ${fmt(r.sustained, 2)}${verdict(r.sustained, (v) => v >= TARGETS.sustainedOverReference)} | ${fmt(r.rss, 2)}${verdict(r.rss, (v) => v <= TARGETS.rssOverReference)} |`;
  const medians = [...new Set(ratios.map((r) => r.server))].map((server) => {
    const of = ratios.filter((r) => r.server === server);
    return row({
      round: 'median',
      server,
      cpu: median(of.map((r) => r.cpu)),
      v2aP99: median(of.map((r) => r.v2aP99)),
      a2vP99: median(of.map((r) => r.a2vP99)),
      sustained: median(of.map((r) => r.sustained)),
      rss: median(of.map((r) => r.rss)),
    });
  });
  return `| round | server | CPU ms / message | v→a p50 / p99 ms | a→v p50 / p99 ms | acked msg/s | RSS under load MB | sustained msg/s |
|---|---|---|---|---|---|---|---|
${figures}

| round | Parley run | CPU ÷ reference B (≤ ${TARGETS.cpuOverReferenceB}) | v→a p99 ms (≤ ${TARGETS.p99Ms}) | a→v p99 ms (≤ ${TARGETS.p99Ms}) | sustained ÷ better reference (≥ ${TARGETS.sustainedOverReference}) | RSS ÷ smaller reference (≤ ${TARGETS.rssOverReference}) |
|---|---|---|---|---|---|---|
${[...ratios.map(row), ...medians].join('\n')}`;
}
