import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { markRead } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZMarkReadInput = z.object({ conversationId: ZId });
export const ZMarkReadOutput = ZOk;

export const markReadProcedure = agentProcedure
  .input(ZMarkReadInput)
  .output(ZMarkReadOutput)
  .mutation(async ({ ctx, input }) => {
    await markRead(chatDeps(ctx.deps), ctx.actor, input.conversationId);
    return { ok: true };
  });
