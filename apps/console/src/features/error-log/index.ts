// The error-log feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { installErrorCapture } from './capture';
export { ErrorLogPage } from './components/error-log-page';
export { ErrorLogsPage } from './components/error-logs-page';
export { errorRing } from './ring';
