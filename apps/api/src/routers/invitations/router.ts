import type { Context } from '../../context';
import { ZOk } from '../../contract/output';
import {
  acceptInvitation,
  createInvitation,
  type InviteDeps,
  listInvitations,
  lookupInvitation,
  resendInvitation,
  revokeInvitation,
} from '../../domain/invitations';
import { publicUrlOf } from '../../lib/handler-deps';
import { adminProcedure, publicProcedure, router } from '../../trpc';
import { startSession } from '../shared/session-cookie';
import {
  ZAcceptInvitationInput,
  ZAcceptInvitationOutput,
  ZCreateInvitationInput,
  ZCreateInvitationOutput,
  ZInvitationIdInput,
  ZListInvitationsOutput,
  ZLookupInvitationInput,
  ZLookupInvitationOutput,
  ZResendInvitationOutput,
} from './schemas';

const inviteDeps = (ctx: Context): InviteDeps => ({
  db: ctx.deps.db,
  bus: ctx.deps.bus,
  logger: ctx.deps.logger,
  mailer: ctx.deps.mailer,
  publicUrl: publicUrlOf(ctx.deps.config),
});

/** Admins invite teammates by e-mail; the invitee accepts with the link's token. */
export const invitationsRouter = router({
  list: adminProcedure
    .output(ZListInvitationsOutput)
    .query(({ ctx }) => listInvitations(ctx.deps.db, ctx.actor.accountId)),
  create: adminProcedure
    .input(ZCreateInvitationInput)
    .output(ZCreateInvitationOutput)
    .mutation(({ ctx, input }) => createInvitation(inviteDeps(ctx), ctx.actor, input)),
  resend: adminProcedure
    .input(ZInvitationIdInput)
    .output(ZResendInvitationOutput)
    .mutation(({ ctx, input }) => resendInvitation(inviteDeps(ctx), ctx.actor, input.id)),
  revoke: adminProcedure
    .input(ZInvitationIdInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await revokeInvitation(ctx.deps.db, ctx.actor, input.id);
      return { ok: true };
    }),

  lookup: publicProcedure
    .input(ZLookupInvitationInput)
    .output(ZLookupInvitationOutput)
    .query(({ ctx, input }) => lookupInvitation(ctx.deps.db, input.token)),
  accept: publicProcedure
    .input(ZAcceptInvitationInput)
    .output(ZAcceptInvitationOutput)
    .mutation(async ({ ctx, input }) => {
      const { me, ...session } = await acceptInvitation(ctx.deps, input, ctx.client);
      startSession(ctx, session);
      return { me };
    }),
});
