import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const inputs = ['src', 'frame.html', 'demo.html', 'vite.config.ts', 'vite.loader.config.ts', 'package.json'];

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

beforeAll(() => {
  const outputs = ['loader.js', 'frame.html'].map((f) => path.join(dist, f));
  const built = outputs.every(existsSync) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
  const source = Math.max(...inputs.map((f) => newestMtime(path.join(root, f))));
  // Vitest sets NODE_ENV=test, which would make Vite build a development bundle.
  const env = { ...process.env, NODE_ENV: 'production' };
  if (built < source) execSync('npm run build', { cwd: root, stdio: 'pipe', env });
}, 120_000);

// What the widget costs on the wire (compressed, as served) is measured in Chromium against its
// budgets: e2e/tests/wire-size.test.ts. Here: properties of the built files themselves.
describe('built widget', () => {
  it('has a brotli and a gzip copy of every script, style and page (served by Accept-Encoding)', () => {
    const files = [
      'loader.js',
      'frame.html',
      ...readdirSync(path.join(dist, 'assets')).map((f) => `assets/${f}`),
    ];
    const text = files.filter((f) => /\.(js|css|html)$/.test(f));
    expect(text.length).toBeGreaterThan(3);
    for (const f of text)
      for (const ext of ['.br', '.gz']) expect(existsSync(path.join(dist, f + ext)), f + ext).toBe(true);
  });

  it('keeps the loader ASCII-only (host pages may not be UTF-8)', () => {
    expect(readFileSync(path.join(dist, 'loader.js'), 'utf8')).not.toMatch(/[\u0080-\uffff]/);
  });

  it('ships the demo page template with its placeholders', () => {
    const demo = readFileSync(path.join(dist, 'demo.html'), 'utf8');
    for (const p of ['{{page}}', '{{snippet}}', '{{notice}}']) expect(demo).toContain(p);
  });
});
