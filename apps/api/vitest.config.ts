import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages from their sources (the "@parley/source" export condition), never a stale dist.
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database; files run in parallel processes.
    pool: 'forks',
    // Lets memory tests force a collection and measure live heap rather than garbage.
    execArgv: ['--expose-gc'],
  },
});
