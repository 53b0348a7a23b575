import { ZOk } from '../../contract/output';
import { login } from '../../domain/auth';
import { deleteSession } from '../../domain/sessions';
import { setPresence } from '../../domain/team';
import { getMe } from '../../domain/users';
import { publicProcedure, router } from '../../trpc';
import { endSession, startSession } from '../shared/session-cookie';
import { ZLoginInput, ZLoginOutput, ZMeOutput } from './schemas';

export const authRouter = router({
  login: publicProcedure
    .input(ZLoginInput)
    .output(ZLoginOutput)
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

  logout: publicProcedure.output(ZOk).mutation(async ({ ctx }) => {
    const auth = await ctx.authenticate();
    if (auth) {
      await deleteSession(ctx.deps, auth.sessionId);
      await setPresence(ctx.deps, { accountId: auth.user.accountId, userId: auth.user.id }, 'offline');
    }
    endSession(ctx);
    return { ok: true };
  }),

  /** Who am I; null when not logged in. */
  me: publicProcedure.output(ZMeOutput).query(async ({ ctx }) => {
    const auth = await ctx.authenticate();
    if (!auth) return null;
    if (auth.renewed && ctx.sessionToken)
      startSession(ctx, { token: ctx.sessionToken, expiresAt: auth.expiresAt });
    return getMe(ctx.deps.db, auth.user.accountId, auth.user.id);
  }),
});
