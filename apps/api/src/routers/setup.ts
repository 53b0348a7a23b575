import { z } from 'zod';
import { createFirstAccount, needsSetup } from '../domain/setup';
import { ZEmail, ZLocale, ZPassword, ZPersonName } from '../lib/schemas';
import { publicProcedure, router } from '../trpc';
import { startSession } from './session-cookie';

export const setupRouter = router({
  status: publicProcedure.query(async ({ ctx }) => ({ needsSetup: await needsSetup(ctx.deps.db) })),

  create: publicProcedure
    .input(
      z.object({
        accountName: z.string().trim().min(1).max(100),
        name: ZPersonName,
        email: ZEmail,
        password: ZPassword,
        locale: ZLocale.default('en'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { me, ...session } = await createFirstAccount(ctx.deps.db, input, ctx.client);
      startSession(ctx, session);
      return { me };
    }),
});
