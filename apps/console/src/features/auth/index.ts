// The auth feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { languageNames } from './components/auth-layout';
export { CheckEmailPage } from './components/check-email-page';
export { ForgotPasswordPage } from './components/forgot-password-page';
export { InvitePage } from './components/invite-page';
export { LoginPage } from './components/login-page';
export { ResetPasswordPage } from './components/reset-password-page';
export { SetupPage } from './components/setup-page';
export { SignupPage } from './components/signup-page';
export { SuspendedPage } from './components/suspended-page';
export { VerifyEmailPage } from './components/verify-email-page';
