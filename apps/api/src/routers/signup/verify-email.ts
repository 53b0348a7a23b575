import { verifyEmail } from '../../domain/sign-in/signup';
import { publicProcedure } from '../../trpc';
import { ZVerifyEmailInput, ZVerifyEmailOutput } from './schemas';

/** The confirmation link's landing: the account becomes usable (sign in next). */
export const verifyEmailProcedure = publicProcedure
  .input(ZVerifyEmailInput)
  .output(ZVerifyEmailOutput)
  .mutation(({ ctx, input }) => verifyEmail(ctx.deps.db, input, ctx.client.ip));
