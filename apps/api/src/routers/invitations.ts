import { z } from 'zod';
import type { Context } from '../context';
import {
  acceptInvitation,
  createInvitation,
  type InviteDeps,
  listInvitations,
  lookupInvitation,
  resendInvitation,
  revokeInvitation,
} from '../domain/invitations';
import type { ValidSession } from '../domain/sessions';
import { ZEmail, ZId, ZPassword, ZPersonName } from '../lib/schemas';
import { adminProcedure, publicProcedure, router } from '../trpc';
import { startSession } from './session-cookie';

const ZToken = z.string().min(10).max(100);

const inviteDeps = (ctx: Context): InviteDeps => ({
  db: ctx.deps.db,
  mailer: ctx.deps.mailer,
  publicUrl: ctx.deps.config.publicUrl ?? `http://localhost:${ctx.deps.config.port}`,
});

export const invitationsRouter = router({
  list: adminProcedure.query(({ ctx }) => listInvitations(ctx.deps.db, ctx.actor.accountId)),
  create: adminProcedure
    .input(z.object({ email: ZEmail, role: z.enum(['admin', 'agent']).default('agent') }))
    .mutation(({ ctx, input }) => createInvitation(inviteDeps(ctx), ctx.actor, input)),
  resend: adminProcedure
    .input(z.object({ id: ZId }))
    .mutation(({ ctx, input }) => resendInvitation(inviteDeps(ctx), ctx.actor, input.id)),
  revoke: adminProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    await revokeInvitation(ctx.deps.db, ctx.actor, input.id);
    return { ok: true };
  }),

  lookup: publicProcedure
    .input(z.object({ token: ZToken }))
    .query(({ ctx, input }) => lookupInvitation(ctx.deps.db, input.token)),
  accept: publicProcedure
    .input(z.object({ token: ZToken, name: ZPersonName, password: ZPassword }))
    .mutation(async ({ ctx, input }) => {
      const { me, ...session } = await acceptInvitation(ctx.deps.db, input, ctx.client);
      startSession(ctx, session);
      return { me };
    }),
});
