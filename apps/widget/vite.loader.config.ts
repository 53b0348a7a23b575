import { defineConfig } from 'vite';

/** `dist/loader.js`: one classic script for host pages, no framework, ≤ 3.5 KB on the wire (brotli). */
export default defineConfig({
  plugins: [
    {
      name: 'parley-ascii-only',
      // A classic script is decoded with the host page's charset, which may not be UTF-8: escape
      // every non-ASCII character (they only occur in string literals).
      generateBundle(_options, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type === 'chunk')
            chunk.code = chunk.code.replace(
              /[\u0080-\uffff]/g,
              (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
            );
        }
      },
    },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    lib: {
      entry: 'src/loader/main.ts',
      formats: ['iife'],
      name: 'ParleyLoader',
      fileName: () => 'loader.js',
    },
  },
});
