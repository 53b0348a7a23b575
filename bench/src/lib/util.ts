import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Wall-clock milliseconds with sub-millisecond precision; the generator and the server share the clock. */
export const nowMs = () => performance.timeOrigin + performance.now();

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0)
    return { n: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
  const s = Float64Array.from(values).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
  let sum = 0;
  for (const v of s) sum += v;
  const r = (v: number) => Math.round(v * 100) / 100;
  return {
    n: s.length,
    p50: r(at(0.5)),
    p95: r(at(0.95)),
    p99: r(at(0.99)),
    max: r(s[s.length - 1] ?? 0),
    mean: r(sum / s.length),
  };
}

export function loadAvg(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  let gitRev = 'unknown';
  try {
    gitRev = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {}
  return {
    nproc: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpu: model,
    node: process.version,
    gitRev,
  };
}

/** RSS and friends of a process from /proc (no server change needed). */
export function procStatus(pid: number) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), rssAnonKb: kb('RssAnon'), hwmKb: kb('VmHWM'), threads: kb('Threads') };
  } catch {
    return null;
  }
}

/** CPU seconds (user+system) used by a process so far. */
export function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return Number.NaN;
  }
}

export function fmt(n: number | undefined | null, digits = 1): string {
  if (n === undefined || n === null || Number.isNaN(n)) return '—';
  return n.toFixed(digits);
}

export function log(...args: unknown[]) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)} load ${loadAvg()}]`, ...args);
}
