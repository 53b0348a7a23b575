// The pwa feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
// Its page (Settings → Push notifications) loads lazily: app.tsx imports it by path.
export { PwaBridge } from './components/pwa-bridge';
export { registerServiceWorker, watchInstallPrompt } from './register';
