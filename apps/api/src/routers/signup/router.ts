import { getSignupStatus } from '../../domain/sign-in/signup';
import { publicProcedure, router } from '../../trpc';
import { resendVerificationProcedure } from './resend-verification';
import { ZSignupStatusOutput } from './schemas';
import { signUpProcedure } from './sign-up';
import { verifyEmailProcedure } from './verify-email';

/** Public sign-up (SIGNUP=open|invite|closed) and the email confirmation it needs. */
export const signupRouter = router({
  status: publicProcedure
    .output(ZSignupStatusOutput)
    .query(({ ctx }) =>
      getSignupStatus({ db: ctx.deps.db, mailer: ctx.deps.mailer, signup: ctx.deps.config.signup }),
    ),
  create: signUpProcedure,
  verify: verifyEmailProcedure,
  resend: resendVerificationProcedure,
});
