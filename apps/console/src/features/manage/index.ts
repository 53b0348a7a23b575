// The manage feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { AgentsPage } from './components/agents-page';
