import { defineConfig } from 'vitest/config';

// In-repo tests use the SDK's sources (the "@parley/source" export condition), never a stale dist.
export default defineConfig({
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
});
