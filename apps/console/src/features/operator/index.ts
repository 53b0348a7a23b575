// The operator feature's public face: app.tsx imports only what is listed here (scripts/check-deps.ts).
export { OperatorPage } from './components/operator-page';
