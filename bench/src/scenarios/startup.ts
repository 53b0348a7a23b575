import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { benchTmp, repoRoot } from '../lib/paths';
import { parley } from '../lib/program';
import { header, met, saveResult } from '../lib/results';
import { freePort, spawnApi, waitReady } from '../lib/server';
import { log, percentiles } from '../lib/util';

/** Target: ready ≤ 2 s after start when already built (existing data dir, migrations applied). Parley only: it times `npm run serve` too. */
export async function startup() {
  const dataDir = await mkdtemp(path.join(benchTmp(), 'parley-bench-start-'));
  const first: number[] = [];
  const direct: number[] = [];
  const viaNpm: number[] = [];
  try {
    // Fresh data dir: creates and migrates the database.
    const p0 = await spawnApi({ program: parley, dataDir });
    first.push(p0.readyMs);
    const idleRss = p0.rssKb() / 1024;
    await p0.stop();
    for (let i = 0; i < 3; i++) {
      const p = await spawnApi({ program: parley, dataDir });
      direct.push(p.readyMs);
      await p.stop();
    }
    // What `npm start` runs after its (cached) build step: `npm run serve -w @parley/api`.
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const t0 = performance.now();
      const child = spawn('npm', ['run', 'serve', '-w', '@parley/api'], {
        cwd: repoRoot,
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
        detached: true,
      });
      await waitReady(`http://127.0.0.1:${port}`, child);
      viaNpm.push(Math.round(performance.now() - t0));
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-(child.pid as number), 'SIGTERM');
      await exited;
    }
    log(
      `ready: fresh ${first} ms, node ${direct} ms, npm run serve ${viaNpm} ms; rss after start ${idleRss.toFixed(0)} MB`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const d = percentiles(direct);
  const n = percentiles(viaNpm);
  const md = `## Start-up

${header('SQLite; time from spawn to the first 200 from /readyz')}

| how | runs (ms) | median ms | target | |
|---|---|---|---|---|
| \`node apps/api/dist/main.js\` (the built bundle), fresh data dir (creates + migrates) | ${first.join(', ')} | ${first[0]} | | |
| same, existing data dir | ${direct.join(', ')} | ${d.p50} | ≤ 2,000 | ${met(d.p50 <= 2000)} |
| \`npm run serve -w @parley/api\` (what \`npm start\` runs after turbo's cached build), existing data dir | ${viaNpm.join(', ')} | ${n.p50} | ≤ 2,000 | ${met(n.p50 <= 2000)} |

\`npm start\` also runs \`turbo run build\` first; with a full cache hit that adds turbo's own start (not measured here: other engineers were editing the console on this machine, so its cache was not warm).`;
  saveResult('startup', { first, direct, viaNpm }, md);
}
