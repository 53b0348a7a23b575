// The pwa feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { PushPage } from './components/push-page';
export { PwaBridge } from './components/pwa-bridge';
export { registerServiceWorker, watchInstallPrompt } from './register';
