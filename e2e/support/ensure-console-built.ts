// Runs before the browser tests: builds the console when dist/ is missing or older than its sources, so
// `npm run e2e` never tests a stale bundle (turbo's `build` normally did this already; then it is a no-op).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { consoleDir, consoleDist, repoRoot } from './paths';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = existsSync(join(consoleDist, 'index.html'))
  ? statSync(join(consoleDist, 'index.html')).mtimeMs
  : 0;
const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json']
  .map((name) => join(consoleDir, name))
  .filter(existsSync);
const sourcesAt = Math.max(...sources.map(newestMtime));

if (builtAt === 0 || sourcesAt > builtAt) {
  console.log(
    builtAt === 0 ? 'e2e: building the console (no dist/)' : 'e2e: rebuilding the console (sources changed)',
  );
  execFileSync('npm', ['run', 'build', '-w', '@parley/console'], { cwd: repoRoot, stdio: 'inherit' });
} else {
  console.log('e2e: console build is up to date');
}
