/** The reference server's settings, all from the environment the bench harness sets for any server. */
export interface ReferenceConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Set: PostgreSQL (pg-db.ts) instead of SQLite in DATA_DIR. */
  databaseUrl: string | undefined;
  /** 0 = variant A (one transaction per send); > 0 = variant B (sends within this many ms share one). */
  groupCommitMs: number;
  /** Variant B flushes early once this many sends are queued. */
  groupCommitMax: number;
  /** Agents seeded on a fresh data folder (`agent<i>@bench.test`), like bench/src/lib/seed.ts does for Parley. */
  agents: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, def: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${raw}`);
  return n;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ReferenceConfig {
  const dataDir = env.DATA_DIR;
  if (!dataDir) throw new Error('set DATA_DIR to an empty folder for the reference server');
  return {
    port: intFrom(env, 'PORT', 3390),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    groupCommitMs: intFrom(env, 'GROUP_COMMIT_MS', 0),
    groupCommitMax: Math.max(1, intFrom(env, 'GROUP_COMMIT_MAX', 512)),
    agents: intFrom(env, 'BENCH_AGENTS', 20),
  };
}
