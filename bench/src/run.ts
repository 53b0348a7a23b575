import { log } from './lib/util';

const scenarios: Record<string, () => Promise<unknown>> = {
  quick: async () => (await import('./scenarios/quick')).quick(),
  startup: async () => (await import('./scenarios/startup')).startup(),
  idle: async () => (await import('./scenarios/idle')).idle(),
  latency: async () => (await import('./scenarios/latency')).latency(),
  throughput: async () => (await import('./scenarios/throughput')).throughput(),
  search: async () => (await import('./scenarios/search')).search(),
  stats: async () => (await import('./scenarios/stats')).stats(),
  scale: async () => (await import('./scenarios/scale')).scale(),
  'slow-consumer': async () => (await import('./faults/slow-consumer')).slowConsumer(),
  'fault-kill': async () => (await import('./faults/kill')).faultKill(),
  'fault-redis': async () => (await import('./faults/redis')).faultRedis(),
  'fault-postgres': async () => (await import('./faults/postgres')).faultPostgres(),
  compare: async () => (await import('./scenarios/compare')).compare(),
  calls: async () => (await import('./scenarios/calls')).calls(),
  'stats-rollup': async () => (await import('./scenarios/stats-rollup')).statsRollup(),
  sip: async () => (await import('./scenarios/sip')).sip(),
};

const name = process.argv[2] ?? 'quick';
const list =
  name === 'all'
    ? [
        'startup',
        'idle',
        'latency',
        'throughput',
        'search',
        'scale',
        'slow-consumer',
        'fault-kill',
        'fault-redis',
        'fault-postgres',
      ]
    : [name];
const hardLimit = setTimeout(
  () => {
    console.error('bench: hard time limit reached, exiting');
    process.exit(2);
  },
  // Three interleaved rounds of three servers take about two hours (bench/README.md).
  Number(process.env.BENCH_MAX_MINUTES ?? (name === 'compare' ? 150 : 40)) * 60_000,
);
hardLimit.unref();
let failed = false;
for (const s of list) {
  const run = scenarios[s];
  if (!run) {
    console.error(`unknown scenario ${s}; one of: ${Object.keys(scenarios).join(', ')}, all`);
    process.exit(1);
  }
  log(`=== ${s} ===`);
  try {
    await run();
  } catch (err) {
    failed = true;
    console.error(`scenario ${s} failed:`, err);
  }
}
process.exit(failed ? 1 : 0);
