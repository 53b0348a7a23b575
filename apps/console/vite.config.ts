import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server the dev server forwards to (`npm run dev -w @parley/api` listens on 3000 by default).
const api = process.env.PARLEY_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  plugins: [react()],
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
