// Runs before the browser tests: builds the console and the widget when a dist/ is missing or older
// than its sources, so `npm run e2e` never tests a stale bundle (turbo's `build` normally did this
// already; then it is a no-op).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const apps = [
  { workspace: '@parley/console', dir: 'apps/console', marker: 'dist/index.html' },
  { workspace: '@parley/widget', dir: 'apps/widget', marker: 'dist/loader.js' },
];

for (const app of apps) {
  const dir = join(repoRoot, app.dir);
  const marker = join(dir, app.marker);
  const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const sources = ['src', 'public', 'index.html', 'frame.html', 'demo.html', 'package.json']
    .concat(readdirSync(dir).filter((name) => name.startsWith('vite.')))
    .map((name) => join(dir, name))
    .filter(existsSync);
  const sourcesAt = Math.max(...sources.map(newestMtime));
  if (builtAt === 0 || sourcesAt > builtAt) {
    console.log(`e2e: building ${app.workspace} (${builtAt === 0 ? 'no dist/' : 'sources changed'})`);
    execFileSync('npm', ['run', 'build', '-w', app.workspace], { cwd: repoRoot, stdio: 'inherit' });
  } else {
    console.log(`e2e: ${app.workspace} build is up to date`);
  }
}
