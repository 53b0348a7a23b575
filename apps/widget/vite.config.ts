/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { trimEmojiData } from './src/lib/emoji-data';

const require = createRequire(import.meta.url);

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
      // The emoji picker's data as a lazily imported chunk: hashed, compressed, cached by the browser.
      name: 'parley-emoji-data',
      resolveId: (id) => (id === 'virtual:emoji-data' ? '\0virtual:emoji-data' : null),
      load(id) {
        if (id !== '\0virtual:emoji-data') return null;
        const source = readFileSync(
          require.resolve('emoji-picker-element-data/en/emojibase/data.json'),
          'utf8',
        );
        const json = JSON.stringify(trimEmojiData(JSON.parse(source)));
        return `export default JSON.parse(${JSON.stringify(json)});`;
      },
    },
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
