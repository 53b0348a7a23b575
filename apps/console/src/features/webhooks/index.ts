// The webhooks feature's public face: app.tsx imports only what is listed here (scripts/check-deps.ts).
export { WebhooksPage } from './components/webhooks-page';
