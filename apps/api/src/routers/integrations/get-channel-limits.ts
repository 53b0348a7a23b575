import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { channelLimitsOf } from '../../domain/integrations/channels';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { integrationDeps } from './deps';

export const ZGetChannelLimitsInput = z.object({ conversationId: ZId });
export const ZGetChannelLimitsOutput = typeOnly<ResultOf<typeof channelLimitsOf>>();

/** Whether the conversation's channel carries files, and up to what size (C11 on plugin channels). */
export const getChannelLimitsProcedure = agentProcedure
  .input(ZGetChannelLimitsInput)
  .output(ZGetChannelLimitsOutput)
  .query(({ ctx, input }) =>
    channelLimitsOf(integrationDeps(ctx), ctx.actor.accountId, input.conversationId),
  );
