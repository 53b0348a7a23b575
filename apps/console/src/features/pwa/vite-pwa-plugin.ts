import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * A7: writes dist/sw.js from ./service-worker.js with the build's file list (the app shell to
 * precache) and a version hash. A hand-written worker and this ~40-line plugin instead of
 * vite-plugin-pwa/Workbox: the worker's four jobs (precache, offline shell, never cache the API,
 * push + notificationclick) take ~100 lines, and Workbox's build adds ~120 packages to install.
 */
export function parleyServiceWorker(options: { publicDir: string }): Plugin {
  return {
    name: 'parley-service-worker',
    apply: 'build',
    // After everything else changed the bundle (Vite drops the empty JS chunks of CSS-only modules late).
    writeBundle(output, bundle) {
      const built = Object.values(bundle)
        .map((file) => `/${file.fileName}`)
        .filter((name) => !name.endsWith('.map') && name !== '/sw.js');
      const fromPublic = listFiles(options.publicDir).map(
        (file) => `/${path.relative(options.publicDir, file).split(path.sep).join('/')}`,
      );
      const precache = [...new Set(['/index.html', ...fromPublic, ...built])].sort();
      const version = createHash('sha256')
        .update(precache.join('\n'))
        .update(
          Object.values(bundle)
            .map((f) => ('code' in f ? f.code : String(f.source)))
            .join(''),
        )
        .digest('hex')
        .slice(0, 16);
      const source = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8')
        .replace(/^\/\/\/ <reference lib="webworker" \/>\n/, '')
        .replace("const VERSION = '__VERSION__';", `const VERSION = ${JSON.stringify(version)};`)
        .replace('const PRECACHE = __PRECACHE__;', `const PRECACHE = ${JSON.stringify(precache)};`);
      writeFileSync(path.join(output.dir ?? 'dist', 'sw.js'), source);
    },
  };
}

function listFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    out = statSync(full).isDirectory() ? out.concat(listFiles(full)) : out.concat(full);
  }
  return out;
}
