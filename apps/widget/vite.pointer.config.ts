import { defineConfig } from 'vite';

/**
 * `dist/pointer.js`: the loader's lazy chunk for C6 Pointer (the highlight, the page's copy). An ES
 * module the loader imports from our origin only when an agent points or asks, so it costs the
 * loader's wire budget nothing; served with CORS for that cross-origin import.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    lib: {
      entry: 'src/pointer/main.ts',
      formats: ['es'],
      fileName: () => 'pointer.js',
    },
  },
});
