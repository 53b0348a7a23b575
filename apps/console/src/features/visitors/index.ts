// The visitors feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { VisitorPanelById } from './components/visitor-panel';
export { VisitorsPage } from './components/visitors-page';
