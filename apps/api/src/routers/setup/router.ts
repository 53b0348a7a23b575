import { createFirstAccount, needsSetup } from '../../domain/setup';
import { publicProcedure, router } from '../../trpc';
import { startSession } from '../shared/session-cookie';
import { ZCreateAccountInput, ZMeOutput, ZSetupStatusOutput } from './schemas';

/** The first start: the owner creates the account. */
export const setupRouter = router({
  status: publicProcedure
    .output(ZSetupStatusOutput)
    .query(async ({ ctx }) => ({ needsSetup: await needsSetup(ctx.deps.db) })),

  create: publicProcedure
    .input(ZCreateAccountInput)
    .output(ZMeOutput)
    .mutation(async ({ ctx, input }) => {
      const { me, ...session } = await createFirstAccount(ctx.deps.db, input, ctx.client);
      startSession(ctx, session);
      return { me };
    }),
});
