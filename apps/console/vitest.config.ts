import { defineConfig } from 'vitest/config';

// Unit tests cover the console's plain logic (error mapping, locale choice, catalogues); they need no DOM.
export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node' },
});
