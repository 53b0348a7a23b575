// vitest's global setup, so every run of the browser tests (the whole suite or one file) first builds what `npm start` serves (the API bundle, the console, the
// widget and the example plugin), so the suite tests the production build, never a stale one. turbo hashes the sources: when
// nothing changed (e.g. `npm start` or `npm run build` just ran) this is a cache hit.
import { execFileSync } from 'node:child_process';
import { repoRoot } from './paths';

export default function ensureBuilt(): void {
  console.log('e2e: building the API bundle, the console and the widget (turbo; cached when unchanged)');
  execFileSync(
    'npx',
    [
      'turbo',
      'run',
      'build',
      '--filter=@parley/api',
      '--filter=@parley/console',
      '--filter=@parley/widget',
      // The third-party plugin suite loads the example plugin's compiled dist, as `npm start` would.
      '--filter=parley-plugin-example',
      '--output-logs=errors-only',
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
      // vitest would set NODE_ENV=test for child processes; the bundles must be production builds.
      env: { ...process.env, NODE_ENV: 'production', TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
}
