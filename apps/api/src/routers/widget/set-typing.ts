import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { visitorTyping } from '../../domain/live-chat/widget';
import { visitorProcedure } from '../../trpc';

export const ZSetTypingInput = z.object({ text: z.string().max(MESSAGE_MAX) });
export const ZSetTypingOutput = ZOk;

/** What the visitor is typing, for the agents (sneak peek). */
export const setTypingProcedure = visitorProcedure
  .input(ZSetTypingInput)
  .output(ZSetTypingOutput)
  .mutation(async ({ ctx, input }) => {
    await visitorTyping(ctx.deps, ctx.visitor, input.text, ctx.client);
    return { ok: true };
  });
