import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { createCanned } from '../../domain/chat-tools/canned';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZCreateCannedInput = z.object({
  shortcut: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_-]{1,30}$/u),
  text: ZText(MESSAGE_MAX),
  hotkey: z.string().max(30).nullish(),
  personal: z.boolean().default(false),
});
export const ZCreateCannedOutput = typeOnly<ResultOf<typeof createCanned>>();

export const createCannedProcedure = agentProcedure
  .input(ZCreateCannedInput)
  .output(ZCreateCannedOutput)
  .mutation(({ ctx, input }) => createCanned(ctx.deps.db, ctx.actor, input));
