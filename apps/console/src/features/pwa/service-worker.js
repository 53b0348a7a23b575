/// <reference lib="webworker" />
// A7: the console's service worker, written at build time to dist/sw.js by vite-pwa-plugin.ts,
// which puts the build's files in place of __PRECACHE__ and a hash of them in place of __VERSION__.
// - The app shell (index.html and every hashed asset) is cached at install, so the console opens
//   offline; navigations try the network first and fall back to the cached shell.
// - The API, uploads, files, avatars, exports, hooks and the widget are never cached.
// - Web Push: shows the server's notification; a click focuses the console (or opens it) on the
//   notification's chat.

const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `parley-shell-${VERSION}`;
const NEVER_CACHED = /^\/(trpc|uploads|files|avatars|exports|hooks|widget|demo|healthz|readyz)(\/|$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('parley-shell-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER_CACHED.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // The newest shell when online; the cached one when not (never a browser error page).
    event.respondWith(
      fetch(request).catch(() =>
        caches.match('/index.html', { cacheName: CACHE }).then((cached) => cached ?? Response.error()),
      ),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((cached) => cached ?? fetch(request)));
  }
});

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === 'string' ? data.title : 'Parley';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      tag: typeof data.tag === 'string' ? data.tag : undefined,
      icon: '/icons/icon-192.png',
      badge: '/icons/maskable-192.png',
      data: { url: typeof data.url === 'string' && data.url.startsWith('/') ? data.url : '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = event.notification.data?.url ?? '/';
  const work = openConsoleAt(path);
  // (Started before waitUntil, which refuses untrusted events: the e2e test dispatches its own.)
  try {
    event.waitUntil(work);
  } catch {}
});

/** Focuses an open console and routes it to `path` (features/pwa: PwaBridge), or opens one there. */
async function openConsoleAt(path) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (open) {
    open.postMessage({ type: 'parley:open', url: path });
    return open.focus().catch(() => open);
  }
  return self.clients.openWindow(new URL(path, self.location.origin).href);
}
