import { z } from 'zod';
import { setConversationTranslation } from '../domain/live-chat/translation';
import { ZId } from '../lib/schemas';
import { agentProcedure, router } from '../trpc';

/** C7: the translator per conversation (see domain/live-chat/translation.ts). */
export const translationRouter = router({
  set: agentProcedure
    .input(
      z.object({
        conversationId: ZId,
        enabled: z.boolean(),
        /** The language agents read; default: the agent's console language. */
        language: z
          .string()
          .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})?$/)
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      setConversationTranslation(
        { db: ctx.deps.db, bus: ctx.deps.bus, plugins: ctx.deps.plugins, logger: ctx.deps.logger },
        ctx.actor,
        input,
      ),
    ),
});
