import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildReference, REFERENCE_SCRIPT } from '../../reference/build';
import { repoRoot } from './paths';

/** A server program the harness can start on a fresh data folder (bench/README.md, "Other servers"). */
export interface ServerProgram {
  /** How logs and tables name it. */
  name: string;
  /** The script `node` runs, relative to the repository root or absolute. */
  script: string;
  /** Brings the script up to date before the first start of a run (once per bench process). */
  build(): Promise<void>;
  /** true: the harness seeds the account and agents into the database (Parley); false: the server does. */
  harnessSeeds: boolean;
  /** Added to the server's environment (after the harness's own, so it wins). */
  env: Record<string, string>;
}

function once(fn: () => Promise<void> | void): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => {
    done ??= Promise.resolve().then(fn);
    return done;
  };
}

/** Parley as `npm start` runs it: the built bundle, rebuilt from today's code unless BENCH_NO_BUILD is set. */
export const parley: ServerProgram = {
  name: 'Parley',
  script: 'apps/api/dist/main.js',
  build: once(() => {
    if (process.env.BENCH_NO_BUILD) return;
    execFileSync('npm', ['run', 'build', '-w', '@parley/api'], { cwd: repoRoot, stdio: 'ignore' });
  }),
  harnessSeeds: true,
  env: {},
};

const buildReferenceOnce = once(async () => {
  if (!process.env.BENCH_NO_BUILD || !existsSync(REFERENCE_SCRIPT)) await buildReference();
});

/** bench/reference: A = one transaction per send, B = group commit within 1 ms (up to 512 sends). */
export function referenceProgram(variant: 'A' | 'B'): ServerProgram {
  return {
    name: `reference ${variant}`,
    script: path.relative(repoRoot, REFERENCE_SCRIPT),
    build: buildReferenceOnce,
    harnessSeeds: false,
    env: variant === 'A' ? { GROUP_COMMIT_MS: '0' } : { GROUP_COMMIT_MS: '1', GROUP_COMMIT_MAX: '512' },
  };
}

/**
 * What the single-server scenarios start: Parley, or BENCH_SERVER_SCRIPT (any script that speaks the
 * procedures the generator uses, reads PORT/HOST/DATA_DIR and seeds its own account and agents).
 */
export function programFromEnv(env: NodeJS.ProcessEnv = process.env): ServerProgram {
  // Another build of Parley (an earlier commit's bundle, for before/after figures): seeded like Parley.
  const parleyScript = env.BENCH_PARLEY_SCRIPT;
  if (parleyScript)
    return { ...parley, name: `Parley (${parleyScript})`, script: parleyScript, build: async () => {} };
  const script = env.BENCH_SERVER_SCRIPT;
  if (!script) return parley;
  return { name: path.basename(script), script, build: async () => {}, harnessSeeds: false, env: {} };
}
