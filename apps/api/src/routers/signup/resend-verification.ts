import { resendVerification } from '../../domain/sign-in/signup';
import { publicProcedure } from '../../trpc';
import { signupDepsOf } from './deps';
import { ZResendVerificationInput, ZSignupOk } from './schemas';

/** "Send the link again": the same answer for every address. */
export const resendVerificationProcedure = publicProcedure
  .input(ZResendVerificationInput)
  .output(ZSignupOk)
  .mutation(({ ctx, input }) => resendVerification(signupDepsOf(ctx), input, ctx.client.ip));
