import { defineConfig } from 'vitest/config';

// Tests run on the sources (the "@parley/source" export condition), never on a stale dist.
export default defineConfig({
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
});
