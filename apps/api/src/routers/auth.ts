import { z } from 'zod';
import { login } from '../domain/auth';
import { deleteSession } from '../domain/sessions';
import { setPresence } from '../domain/team';
import { getMe } from '../domain/users';
import { ZEmail } from '../lib/schemas';
import { publicProcedure, router } from '../trpc';
import { endSession, startSession } from './session-cookie';

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ email: ZEmail, password: z.string().min(1).max(1024) }))
    .mutation(async ({ ctx, input }) => {
      const { me, ...session } = await login(ctx.deps.db, input, ctx.client, ctx.deviceToken);
      startSession(ctx, session);
      // Logging in is coming to work: teammates see the agent online (B8).
      if (me.presence === 'offline') {
        await setPresence(ctx.deps, { accountId: me.accountId, userId: me.id }, 'online');
        me.presence = 'online';
      }
      return { me };
    }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    const auth = await ctx.authenticate();
    if (auth) {
      await deleteSession(ctx.deps.db, auth.sessionId);
      await setPresence(ctx.deps, { accountId: auth.user.accountId, userId: auth.user.id }, 'offline');
    }
    endSession(ctx);
    return { ok: true };
  }),

  /** Who am I; null when not logged in (the console shows the login page then). */
  me: publicProcedure.query(async ({ ctx }) => {
    const auth = await ctx.authenticate();
    if (!auth) return null;
    if (auth.renewed && ctx.sessionToken)
      startSession(ctx, { token: ctx.sessionToken, expiresAt: auth.expiresAt });
    return getMe(ctx.deps.db, auth.user.accountId, auth.user.id);
  }),
});
