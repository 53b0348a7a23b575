import { z } from 'zod';
import { chooseAccount } from '../../domain/auth';
import { publicProcedure } from '../../trpc';
import { startSignedIn } from '../shared/session-cookie';
import { ZLoginOutput } from './schemas';

export const ZChooseAccountInput = z.object({
  /** The ticket `login` handed back with the account list (single use, 5 minutes). */
  ticket: z.string().min(10).max(100),
  accountId: z.string().min(1).max(64),
});

/** The account picker's answer: signs in to the chosen account, or asks for its second factor. */
export const chooseAccountProcedure = publicProcedure
  .input(ZChooseAccountInput)
  .output(ZLoginOutput)
  .mutation(async ({ ctx, input }) => {
    const result = await chooseAccount(ctx.deps.db, input, ctx.client);
    if ('twoFactor' in result) return { twoFactor: result.twoFactor };
    return { me: await startSignedIn(ctx, result) };
  });
