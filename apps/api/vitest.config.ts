import { defineConfig } from 'vitest/config';

export default defineConfig({
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
