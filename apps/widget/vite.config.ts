/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The API server the dev server forwards to.
const api = process.env.PARLEY_API_URL ?? 'http://127.0.0.1:3000';

/**
 * The frame app. The API serves `dist/` at `/widget/`, hence the base. The loader is a second,
 * library-mode build (vite.loader.config.ts) because it must be one classic script.
 */
export default defineConfig({
  base: '/widget/',
  plugins: [
    preact(),
    {
      name: 'parley-demo-page',
      generateBundle() {
        // The API renders /demo from this template (placeholders {{page}}, {{snippet}}, {{notice}}).
        this.emitFile({ type: 'asset', fileName: 'demo.html', source: readFileSync('demo.html', 'utf8') });
      },
    },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: { input: { frame: 'frame.html' } },
  },
  server: {
    proxy: { '/trpc': { target: api, ws: true }, '/avatars': api },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
