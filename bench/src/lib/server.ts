import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { benchTmp, repoRoot } from './paths';
import { programFromEnv, type ServerProgram } from './program';
import { log, procStatus, sleep } from './util';

const probePath = path.join(repoRoot, 'bench/src/lib/probe.mjs');
export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface ApiProcess {
  url: string;
  port: number;
  child: ChildProcess;
  pid: number;
  /** ms from spawn to the first 200 from /readyz */
  readyMs: number;
  probeFile: string;
  /** Full GC in the server (preloaded probe), then process.memoryUsage(). */
  heap(): Promise<{
    rss: number;
    heapUsed: number;
    heapTotal: number;
    external: number;
    arrayBuffers: number;
    /** Where the memory is (bench/src/lib/probe.mjs): V8's spaces, smaps_rollup in kB, malloc outside V8, handles. */
    spaces?: Record<string, { size: number; used: number; physical: number }>;
    mallocedMemory?: number;
    totalPhysical?: number;
    smaps?: Record<string, number> | null;
    handles?: Record<string, number>;
    snapshot?: string;
    /** The same figures taken just before the forced GC: as the process runs, garbage included. */
    live?: {
      rss: number;
      heapUsed: number;
      heapTotal: number;
      external: number;
      arrayBuffers: number;
    } & Record<string, unknown>;
  } | null>;
  rssKb(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
}

export interface Target {
  program: ServerProgram;
  mode: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
  dbName?: string;
  procs: ApiProcess[];
  urls: string[];
  cleanup(): Promise<void>;
}

export async function waitReady(url: string, child: ChildProcess | null, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`API process exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {}
    await sleep(20);
  }
  throw new Error(`${url} not ready in ${timeoutMs} ms`);
}

export interface SpawnOptions {
  /** What to run; Parley unless BENCH_SERVER_SCRIPT says otherwise. */
  program?: ServerProgram;
  dataDir: string;
  databaseUrl?: string | undefined;
  redisUrl?: string | undefined;
  port?: number;
  cpuProf?: string | undefined;
  heapProf?: string | undefined;
  logLevel?: string;
  extraEnv?: Record<string, string>;
}

export async function spawnApi(opts: SpawnOptions): Promise<ApiProcess> {
  const program = opts.program ?? programFromEnv();
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const probeFile = path.join(
    benchTmp(),
    `parley-bench-probe-${port}-${randomBytes(3).toString('hex')}.json`,
  );
  // For Parley the same program and allocator setting as `npm start` (apps/api `serve`): the built bundle.
  await program.build();
  const args = ['--expose-gc', '--import', probePath];
  // Extra node flags for the server under test (e.g. BENCH_NODE_FLAGS='--max-semi-space-size=4'), to
  // measure a setting before it goes into the serve script.
  args.push(...(process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean));
  if (opts.cpuProf) args.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProf}`);
  if (opts.heapProf) args.push('--heap-prof', `--heap-prof-dir=${opts.heapProf}`);
  args.push(program.script);
  const env: NodeJS.ProcessEnv = {
    MALLOC_ARENA_MAX: '2',
    MALLOC_MMAP_THRESHOLD_: '65536',
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    LOG_LEVEL: opts.logLevel ?? 'warn',
    // The generator stands in for a reverse proxy: visitors get distinct X-Forwarded-For addresses.
    TRUSTED_PROXIES: 'loopback',
    BENCH_PROBE_FILE: probeFile,
    ...program.env,
    ...opts.extraEnv,
  };
  // glibc's own (dynamic) mmap threshold, for before/after figures: MALLOC_MMAP_THRESHOLD_=default.
  if (env.MALLOC_MMAP_THRESHOLD_ === 'default') delete env.MALLOC_MMAP_THRESHOLD_;
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  if (opts.redisUrl) env.REDIS_URL = opts.redisUrl;
  const proc: Partial<ApiProcess> & { url: string; port: number; probeFile: string } = {
    url,
    port,
    probeFile,
  };
  const start = async () => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    proc.child = child;
    proc.pid = child.pid ?? 0;
    await waitReady(url, child);
    proc.readyMs = Math.round(performance.now() - t0);
  };
  await start();
  const api: ApiProcess = proc as ApiProcess;
  api.heap = async () => {
    rmSync(probeFile, { force: true });
    api.child.kill('SIGUSR2');
    for (let i = 0; i < 1200; i++) {
      await sleep(25);
      if (existsSync(probeFile)) {
        try {
          return JSON.parse(readFileSync(probeFile, 'utf8'));
        } catch {}
      }
    }
    return null;
  };
  api.rssKb = () => procStatus(api.pid)?.rssKb ?? 0;
  api.stop = async (signal = 'SIGTERM') => {
    const child = api.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  api.restart = start;
  return api;
}

/** The first API process listens on BENCH_PORT when set (the n-th of a target on BENCH_PORT + n), else on a free port. */
function fixedPort(n: number): number | undefined {
  const base = Number(process.env.BENCH_PORT);
  return Number.isInteger(base) && base > 0 ? base + n : undefined;
}

/**
 * Fresh SQLite data dir, or a fresh PostgreSQL database; `seed` runs on it before the API starts, for
 * a program the harness seeds (Parley). A program that seeds itself gets BENCH_AGENTS instead.
 */
export async function startTarget(opts: {
  program?: ServerProgram;
  mode: 'sqlite' | 'postgres';
  processes?: number;
  redis?: boolean;
  cpuProf?: string | undefined;
  agents?: number;
  seed?: (database: { dataDir: string; databaseUrl?: string }) => Promise<void>;
}): Promise<Target> {
  const program = opts.program ?? programFromEnv();
  const dataDir = await mkdtemp(path.join(benchTmp(), 'parley-bench-'));
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (opts.mode === 'postgres') {
    dbName = `parley_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  if (opts.seed && program.harnessSeeds)
    await opts.seed({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  const procs: ApiProcess[] = [];
  for (let i = 0; i < (opts.processes ?? 1); i++) {
    const port = fixedPort(i);
    procs.push(
      await spawnApi({
        program,
        ...(port ? { port } : {}),
        ...(opts.agents === undefined ? {} : { extraEnv: { BENCH_AGENTS: String(opts.agents) } }),
        dataDir,
        databaseUrl,
        redisUrl: opts.redis || (opts.processes ?? 1) > 1 ? REDIS_URL : undefined,
        cpuProf: opts.cpuProf,
      }),
    );
  }
  log(
    `target ${program.name} on ${opts.mode} × ${procs.length}: ${procs.map((p) => `${p.url} pid ${p.pid} ready ${p.readyMs} ms`).join(', ')}`,
  );
  return {
    program,
    mode: opts.mode,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(dbName ? { dbName } : {}),
    procs,
    urls: procs.map((p) => p.url),
    async cleanup() {
      await Promise.all(procs.map((p) => p.stop()));
      if (dbName) {
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
        await admin.end();
      }
      if (!process.env.BENCH_KEEP) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
