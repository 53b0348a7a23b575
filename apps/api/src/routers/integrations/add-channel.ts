import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { createPluginChannel } from '../../domain/integrations/installs';
import { adminProcedure } from '../../trpc';
import { integrationDeps, ZPluginConfig, ZPluginName } from './deps';

export const ZAddChannelInput = z.object({
  plugin: ZPluginName,
  name: z.string().trim().min(1).max(100),
  config: ZPluginConfig,
});
export const ZAddChannelOutput = typeOnly<ResultOf<typeof createPluginChannel>>();

/** A channel backed by a channel plugin (e-mail, Telegram, …). */
export const addChannelProcedure = adminProcedure
  .input(ZAddChannelInput)
  .output(ZAddChannelOutput)
  .mutation(({ ctx, input }) => createPluginChannel(integrationDeps(ctx), ctx.actor, input));
