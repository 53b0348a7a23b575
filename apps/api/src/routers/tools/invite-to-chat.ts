import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { inviteToChat } from '../../domain/chat-tools/handover';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZInviteToChatInput = z.object({ conversationId: ZId, userId: ZId });
export const ZInviteToChatOutput = ZOk;

/** C2: asks another agent into the chat. */
export const inviteToChatProcedure = agentProcedure
  .input(ZInviteToChatInput)
  .output(ZInviteToChatOutput)
  .mutation(async ({ ctx, input }) => {
    await inviteToChat(ctx.deps, ctx.actor, input);
    return { ok: true };
  });
