import {
  createWebsiteChannel,
  getChannel,
  listChannels,
  rotateChannelSecret,
  updateChannel,
} from '../../domain/live-chat/channels';
import { publicUrlOf } from '../../lib/handler-deps';
import { adminProcedure, agentProcedure, router } from '../../trpc';
import {
  ZChannelIdInput,
  ZCreateChannelInput,
  ZCreateChannelOutput,
  ZGetChannelOutput,
  ZListChannelsOutput,
  ZRotateSecretOutput,
  ZUpdateChannelInput,
  ZUpdateChannelOutput,
} from './schemas';

/** The account's channels (websites here; plugin channels through `integrations`). */
export const channelsRouter = router({
  list: agentProcedure
    .output(ZListChannelsOutput)
    .query(({ ctx }) => listChannels(ctx.deps.db, ctx.actor.accountId)),
  get: adminProcedure
    .input(ZChannelIdInput)
    .output(ZGetChannelOutput)
    .query(({ ctx, input }) =>
      getChannel(ctx.deps.db, ctx.actor.accountId, input.id, publicUrlOf(ctx.deps.config)),
    ),
  create: adminProcedure
    .input(ZCreateChannelInput)
    .output(ZCreateChannelOutput)
    .mutation(({ ctx, input }) =>
      createWebsiteChannel(ctx.deps, ctx.actor, input, publicUrlOf(ctx.deps.config)),
    ),
  update: adminProcedure
    .input(ZUpdateChannelInput)
    .output(ZUpdateChannelOutput)
    .mutation(({ ctx, input }) => updateChannel(ctx.deps, ctx.actor, input, publicUrlOf(ctx.deps.config))),
  rotateSecret: adminProcedure
    .input(ZChannelIdInput)
    .output(ZRotateSecretOutput)
    .mutation(({ ctx, input }) =>
      rotateChannelSecret(ctx.deps.db, ctx.actor, input.id, publicUrlOf(ctx.deps.config)),
    ),
});
