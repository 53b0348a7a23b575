import { defineConfig } from 'vitest/config';

// Only the harness's own checks; the benchmarks themselves run by hand (src/run.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'reference/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
