import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

// The visitor side's shared steps: a built widget, an agent speaking tRPC over HTTP, waiting.

const widgetDir = join(repoRoot, 'apps/widget');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((e) => newestMtime(join(path, e))));
}

/** The API serves apps/widget/dist; build it when missing or stale (turbo normally did). */
export function ensureWidgetBuilt() {
  const loader = join(widgetDir, 'dist/loader.js');
  const builtAt = existsSync(loader) ? statSync(loader).mtimeMs : 0;
  const sourcesAt = Math.max(
    ...['src', 'frame.html', 'demo.html', 'vite.config.ts', 'vite.loader.config.ts'].map((f) =>
      newestMtime(join(widgetDir, f)),
    ),
  );
  // NODE_ENV=production: vitest sets it to `test`, which would give a development bundle.
  if (builtAt < sourcesAt)
    execFileSync('npm', ['run', 'build', '-w', '@parley/widget'], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
}

/** A logged-in agent speaking tRPC over HTTP (the console's own tests cover its UI). */
export function apiClient(url: string) {
  let cookie = '';
  async function call<T>(path: string, input: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> {
    const res =
      method === 'GET'
        ? await fetch(`${url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
            headers: { cookie },
          })
        : await fetch(`${url}/trpc/${path}`, {
            method,
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify(input),
          });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0] ?? '';
    const json = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!json.result) throw new Error(`${path}: ${JSON.stringify(json.error)}`);
    return json.result.data;
  }
  return { call };
}

export async function eventually<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeout = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
