import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { removeChannel } from '../../domain/integrations/channels';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';
import { integrationDeps } from './deps';

export const ZRemoveChannelInput = z.object({ channelId: ZId });
export const ZRemoveChannelOutput = typeOnly<ResultOf<typeof removeChannel>>();

export const removeChannelProcedure = adminProcedure
  .input(ZRemoveChannelInput)
  .output(ZRemoveChannelOutput)
  .mutation(({ ctx, input }) => removeChannel(integrationDeps(ctx), ctx.actor, input.channelId));
