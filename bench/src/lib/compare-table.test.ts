import { describe, expect, it } from 'vitest';
import { type CompareSample, compareMarkdown, median, roundRatios } from './compare-table';

const sample = (
  round: number,
  server: string,
  role: CompareSample['role'],
  cpu: number,
  rssMb: number,
  sustained: number,
  p99 = 10,
  database: CompareSample['database'] = 'sqlite',
): CompareSample => ({
  round,
  server,
  role,
  database,
  latency: {
    rate: 300,
    cpuMsPerMessage: cpu,
    v2a: { p50: 2, p99 },
    a2v: { p50: 2, p99 },
    rssMb,
    ackRate: 300,
  },
  throughput: { sustained, lastStep: 1800 },
});

describe('roundRatios', () => {
  it('puts each Parley run over reference B for CPU, the better reference for rate, the smaller for RSS, per round', () => {
    const samples = [
      sample(1, 'Parley', 'parley', 3.4, 590, 100, 13600),
      sample(1, 'reference A', 'reference-a', 0.9, 240, 900),
      sample(1, 'reference B', 'reference-b', 1.0, 260, 600),
      sample(2, 'Parley', 'parley', 2.0, 300, 600),
      sample(2, 'reference A', 'reference-a', 0.5, 200, 1200),
      sample(2, 'reference B', 'reference-b', 1.6, 250, 900),
    ];
    expect(roundRatios(samples)).toEqual([
      {
        round: 1,
        server: 'Parley',
        cpu: 3.4,
        v2aP99: 13600,
        a2vP99: 13600,
        sustained: 100 / 900,
        rss: 590 / 240,
      },
      { round: 2, server: 'Parley', cpu: 1.25, v2aP99: 10, a2vP99: 10, sustained: 0.5, rss: 1.5 },
    ]);
  });

  it('compares a Parley run on PostgreSQL with the references on PostgreSQL only', () => {
    const pg = roundRatios([
      sample(1, 'Parley', 'parley', 3, 500, 100),
      sample(1, 'Parley (PostgreSQL)', 'parley', 4, 520, 100, 10, 'postgres'),
      sample(1, 'reference B', 'reference-b', 1, 250, 1000),
      sample(1, 'reference B (PostgreSQL)', 'reference-b', 2, 260, 500, 10, 'postgres'),
    ]);
    expect(pg.map((r) => [r.server, r.cpu, r.sustained, r.rss])).toEqual([
      ['Parley', 3, 0.1, 2],
      ['Parley (PostgreSQL)', 2, 0.2, 2],
    ]);
  });

  it('leaves a ratio open when its reference did not run', () => {
    const [r] = roundRatios([
      sample(1, 'Parley', 'parley', 3, 500, 100),
      sample(1, 'reference A', 'reference-a', 1, 250, 900),
    ]);
    expect(r?.cpu).toBeNaN();
    expect(r?.rss).toBe(2);
  });
});

describe('compareMarkdown', () => {
  it('marks met and missed targets and adds the median over rounds', () => {
    const md = compareMarkdown([
      sample(1, 'Parley', 'parley', 1.2, 300, 700, 20),
      sample(1, 'reference B', 'reference-b', 1.0, 250, 1000),
      sample(2, 'Parley', 'parley', 2.0, 300, 500, 30),
      sample(2, 'reference B', 'reference-b', 1.0, 250, 1000),
    ]);
    expect(md).toContain('| 1 | Parley | 1.20 ✅ | 20.0 ✅ | 20.0 ✅ | 0.70 ✅ | 1.20 ✅ |');
    expect(md).toContain('| 2 | Parley | 2.00 ❌ | 30.0 ❌ | 30.0 ❌ | 0.50 ❌ | 1.20 ✅ |');
    expect(md).toContain('| median | Parley | 1.60 ❌ | 25.0 ✅ | 25.0 ✅ | 0.60 ✅ | 1.20 ✅ |');
  });
});

describe('median', () => {
  it('ignores rounds without a figure', () => {
    expect(median([3, Number.NaN, 1, 2])).toBe(2);
    expect(median([Number.NaN])).toBeNaN();
  });
});
