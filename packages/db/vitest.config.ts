import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Diffs against PGlite start a PostgreSQL in wasm (~4 s on a small VM).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
