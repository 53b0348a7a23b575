// The auth feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { languageNames } from './components/auth-layout';
export { ForgotPasswordPage } from './components/forgot-password-page';
export { InvitePage } from './components/invite-page';
export { LoginPage } from './components/login-page';
export { ResetPasswordPage } from './components/reset-password-page';
export { SetupPage } from './components/setup-page';
