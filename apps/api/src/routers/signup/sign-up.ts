import { signUp } from '../../domain/sign-in/signup';
import { publicProcedure } from '../../trpc';
import { signupDepsOf } from './deps';
import { ZSignUpInput, ZSignupOk } from './schemas';

/** Creates an account and its owner, unusable until the mailed link confirms the address. */
export const signUpProcedure = publicProcedure
  .input(ZSignUpInput)
  .output(ZSignupOk)
  .mutation(({ ctx, input }) => signUp(signupDepsOf(ctx), input, ctx.client.ip));
