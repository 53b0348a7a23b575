import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { replyWindowOf } from '../../domain/integrations/channels';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { integrationDeps } from './deps';

export const ZGetReplyWindowInput = z.object({ conversationId: ZId });
export const ZGetReplyWindowOutput = typeOnly<ResultOf<typeof replyWindowOf>>();

/** The channel's reply window for a conversation (WhatsApp/Messenger 24 h), or null. */
export const getReplyWindowProcedure = agentProcedure
  .input(ZGetReplyWindowInput)
  .output(ZGetReplyWindowOutput)
  .query(({ ctx, input }) => replyWindowOf(integrationDeps(ctx), ctx.actor.accountId, input.conversationId));
