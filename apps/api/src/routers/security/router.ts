import { router } from '../../trpc';
import { addPasskeyProcedure } from './add-passkey';
import { confirmTotpEnrolmentProcedure } from './confirm-totp-enrolment';
import { deletePasskeyProcedure } from './delete-passkey';
import { disableTotpProcedure } from './disable-totp';
import { getTwoFactorStatusProcedure } from './get-two-factor-status';
import { issuePasswordResetProcedure } from './issue-password-reset';
import { listPasskeysProcedure } from './list-passkeys';
import { regenerateRecoveryCodesProcedure } from './regenerate-recovery-codes';
import { resetTwoFactorProcedure } from './reset-two-factor';
import { setTwoFactorRequiredProcedure } from './set-two-factor-required';
import { startPasskeyRegistrationProcedure } from './start-passkey-registration';
import { startTotpEnrolmentProcedure } from './start-totp-enrolment';

/** Sign-in security (A2, A5): two-factor sign-in, and what admins do for a teammate locked out. */
export const securityRouter = router({
  twoFactorStatus: getTwoFactorStatusProcedure,
  startTotp: startTotpEnrolmentProcedure,
  confirmTotp: confirmTotpEnrolmentProcedure,
  disableTotp: disableTotpProcedure,
  regenerateRecoveryCodes: regenerateRecoveryCodesProcedure,
  setTwoFactorRequired: setTwoFactorRequiredProcedure,
  issuePasswordReset: issuePasswordResetProcedure,
  resetTwoFactor: resetTwoFactorProcedure,
  passkeys: listPasskeysProcedure,
  startPasskey: startPasskeyRegistrationProcedure,
  addPasskey: addPasskeyProcedure,
  deletePasskey: deletePasskeyProcedure,
});
