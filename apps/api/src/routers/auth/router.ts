import { ZOk } from '../../contract/output';
import { login } from '../../domain/auth';
import { isOperator } from '../../domain/operator/operators';
import { deleteSession, findSuspension } from '../../domain/sessions';
import { setPresence } from '../../domain/team';
import { getMe } from '../../domain/users';
import { publicProcedure, router } from '../../trpc';
import { endSession, startSession, startSignedIn } from '../shared/session-cookie';
import { chooseAccountProcedure } from './choose-account';
import { linkedAccountsProcedure } from './linked-accounts';
import { loginWithPasskeyProcedure } from './login-with-passkey';
import { requestPasswordResetProcedure } from './request-password-reset';
import { resetPasswordProcedure } from './reset-password';
import { ZLoginInput, ZLoginOutput, ZMeOutput, ZSuspensionOutput } from './schemas';
import { startPasskeyLoginProcedure } from './start-passkey-login';
import { switchAccountProcedure } from './switch-account';
import { verifyTwoFactorProcedure } from './verify-two-factor';

export const authRouter = router({
  login: publicProcedure
    .input(ZLoginInput)
    .output(ZLoginOutput)
    .mutation(async ({ ctx, input }) => {
      const result = await login(ctx.deps.db, input, ctx.client, ctx.deviceToken);
      if ('twoFactor' in result) return { twoFactor: result.twoFactor };
      if ('choose' in result) return { choose: result.choose };
      return { me: await startSignedIn(ctx, result) };
    }),
  verifyTwoFactor: verifyTwoFactorProcedure,
  requestPasswordReset: requestPasswordResetProcedure,
  resetPassword: resetPasswordProcedure,
  passkeyOptions: startPasskeyLoginProcedure,
  loginWithPasskey: loginWithPasskeyProcedure,
  chooseAccount: chooseAccountProcedure,
  linkedAccounts: linkedAccountsProcedure,
  switchAccount: switchAccountProcedure,

  logout: publicProcedure.output(ZOk).mutation(async ({ ctx }) => {
    const auth = await ctx.authenticate();
    if (auth) {
      await deleteSession(ctx.deps, auth.sessionId);
      await setPresence(ctx.deps, { accountId: auth.user.accountId, userId: auth.user.id }, 'offline');
    }
    endSession(ctx);
    return { ok: true };
  }),

  /**
   * Why `me` is null when this browser's session belongs to a suspended account (the operator's reason
   * and since when); null otherwise. The console asks it before showing the login form.
   */
  suspension: publicProcedure
    .output(ZSuspensionOutput)
    .query(({ ctx }) => findSuspension(ctx.deps.db, ctx.sessionToken)),

  /** Who am I; null when not logged in. */
  me: publicProcedure.output(ZMeOutput).query(async ({ ctx }) => {
    const auth = await ctx.authenticate();
    if (!auth) return null;
    if (auth.renewed && ctx.sessionToken)
      startSession(ctx, { token: ctx.sessionToken, expiresAt: auth.expiresAt });
    const me = await getMe(ctx.deps.db, auth.user.accountId, auth.user.id);
    // The console shows the Operator page to operators named by PARLEY_OPERATOR_EMAILS too.
    return { ...me, operator: isOperator(ctx.deps.config, me) };
  }),
});
