import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { parleyServiceWorker } from './src/features/pwa/vite-pwa-plugin';

// The API server the dev server forwards to (`npm run dev -w @parley/api` listens on 3000 by default).
const api = process.env.PARLEY_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  // A7: dist/sw.js, the service worker (offline shell, Web Push), generated with the build's file list.
  plugins: [react(), parleyServiceWorker({ publicDir: fileURLToPath(new URL('./public', import.meta.url)) })],
  // 'hidden': maps stay on disk for debugging; the bundles don't point at them and the API doesn't serve them.
  build: { outDir: 'dist', sourcemap: 'hidden', emptyOutDir: true },
  server: {
    proxy: {
      '/trpc': { target: api, ws: true },
      '/uploads': api,
      '/avatars': api,
      '/healthz': api,
    },
  },
});
