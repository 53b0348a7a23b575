import { defineConfig } from 'vitest/config';

// Browser tests start a real API server and Chromium: one file at a time, generous timeouts.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['support/ensure-built.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
