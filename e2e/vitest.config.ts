import { defineConfig } from 'vitest/config';

// Browser tests start a real API server and Chromium: one file at a time, generous timeouts.
export default defineConfig({
  // Test helpers import workspace packages from their sources ("@parley/source"); the server under
  // test is the production bundle.
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['support/ensure-built.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
