import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

/** Budgets from the widget brief (G1): what a host page pays for the snippet, and for the chat. */
const LOADER_BUDGET = 3 * 1024;
const TOTAL_BUDGET = 40 * 1024;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const inputs = ['src', 'frame.html', 'demo.html', 'vite.config.ts', 'vite.loader.config.ts', 'package.json'];

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

beforeAll(() => {
  const outputs = ['loader.js', 'frame.html'].map((f) => path.join(dist, f));
  const built = outputs.every(existsSync) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
  const source = Math.max(...inputs.map((f) => newestMtime(path.join(root, f))));
  // Vitest sets NODE_ENV=test, which would make Vite build a development bundle.
  const env = { ...process.env, NODE_ENV: 'production' };
  if (built < source) execSync('npm run build', { cwd: root, stdio: 'pipe', env });
}, 120_000);

describe('bundle size', () => {
  it('keeps the loader and the whole widget within budget', () => {
    const loader = gz(path.join(dist, 'loader.js'));
    const frameHtml = readFileSync(path.join(dist, 'frame.html'), 'utf8');
    // Everything frame.html pulls in: scripts, module preloads, stylesheets.
    const assets = [...frameHtml.matchAll(/(?:src|href)="\/widget\/([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThan(0);
    const parts = [
      ['loader.js', loader],
      ['frame.html', gz(path.join(dist, 'frame.html'))],
      ...assets.map((a) => [a, gz(path.join(dist, a))] as const),
    ] as const;
    const total = parts.reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `widget sizes (gzip): ${parts.map(([f, n]) => `${f} ${kb(n)}`).join(', ')}; total ${kb(total)}` +
        ` (budgets: loader ${kb(LOADER_BUDGET)}, total ${kb(TOTAL_BUDGET)})`,
    );
    expect(loader).toBeLessThanOrEqual(LOADER_BUDGET);
    expect(total).toBeLessThanOrEqual(TOTAL_BUDGET);
  });

  it('keeps the loader ASCII-only (host pages may not be UTF-8)', () => {
    expect(readFileSync(path.join(dist, 'loader.js'), 'utf8')).not.toMatch(/[\u0080-\uffff]/);
  });

  it('ships the demo page template with its placeholders', () => {
    const demo = readFileSync(path.join(dist, 'demo.html'), 'utf8');
    for (const p of ['{{page}}', '{{snippet}}', '{{notice}}']) expect(demo).toContain(p);
  });
});
