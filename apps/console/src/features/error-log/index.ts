// The error-log feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
// Its pages (Settings → Error log, Manage → Error logs) load lazily: app.tsx imports them by path.
export { installErrorCapture } from './capture';
export { errorRing } from './ring';
