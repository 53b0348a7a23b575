// The crm feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { CrmVisitorsPage } from './components/crm-visitors-page';
export { ProcessesPage } from './components/processes-page';
export { VisitorCrmSection } from './components/visitor-crm-section';
export { VisitorRecordPage } from './components/visitor-record/visitor-record-page';
