import { z } from 'zod';
import type { Context } from '../context';
import {
  createWebsiteChannel,
  getChannel,
  listChannels,
  rotateChannelSecret,
  updateChannel,
} from '../domain/live-chat/channels';
import { ZWebsiteConfigPatch } from '../domain/live-chat/website-config';
import { ZId } from '../lib/schemas';
import { adminProcedure, agentProcedure, router } from '../trpc';

export const publicUrlOf = (ctx: Context) =>
  ctx.deps.config.publicUrl ?? `http://localhost:${ctx.deps.config.port}`;
const ZChannelName = z.string().trim().min(1).max(100);

export const channelsRouter = router({
  list: agentProcedure.query(({ ctx }) => listChannels(ctx.deps.db, ctx.actor.accountId)),
  get: adminProcedure
    .input(z.object({ id: ZId }))
    .query(({ ctx, input }) => getChannel(ctx.deps.db, ctx.actor.accountId, input.id, publicUrlOf(ctx))),
  create: adminProcedure
    .input(
      z.object({ kind: z.literal('website'), name: ZChannelName, config: ZWebsiteConfigPatch.optional() }),
    )
    .mutation(({ ctx, input }) => createWebsiteChannel(ctx.deps.db, ctx.actor, input, publicUrlOf(ctx))),
  update: adminProcedure
    .input(
      z.object({
        id: ZId,
        name: ZChannelName.optional(),
        enabled: z.boolean().optional(),
        config: ZWebsiteConfigPatch.optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateChannel(ctx.deps.db, ctx.actor, input, publicUrlOf(ctx))),
  rotateSecret: adminProcedure
    .input(z.object({ id: ZId }))
    .mutation(({ ctx, input }) => rotateChannelSecret(ctx.deps.db, ctx.actor, input.id, publicUrlOf(ctx))),
});
