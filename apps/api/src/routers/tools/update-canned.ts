import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { updateCanned } from '../../domain/chat-tools/canned';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { ZId } from '../../lib/schemas';
import { ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZUpdateCannedInput = z.object({
  id: ZId,
  shortcut: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_-]{1,30}$/u)
    .optional(),
  text: ZText(MESSAGE_MAX).optional(),
  hotkey: z.string().max(30).nullish(),
});
export const ZUpdateCannedOutput = ZOk;

export const updateCannedProcedure = agentProcedure
  .input(ZUpdateCannedInput)
  .output(ZUpdateCannedOutput)
  .mutation(async ({ ctx, input }) => {
    await updateCanned(ctx.deps.db, ctx.actor, input);
    return { ok: true };
  });
