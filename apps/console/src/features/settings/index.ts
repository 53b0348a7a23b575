// The settings feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { GeneralPage } from './components/general-page';
export { MyAccountPage } from './components/my-account/my-account-page';
export { SecurityPage } from './components/security-page';
export { SessionsPage } from './components/sessions-page';
export { SoundsPage } from './components/sounds-page';
