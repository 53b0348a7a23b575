// The API tokens feature's public face: app.tsx imports only what is listed here (scripts/check-deps.ts).
export { ApiTokensPage } from './components/api-tokens-page';
