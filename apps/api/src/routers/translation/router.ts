import { setConversationTranslation } from '../../domain/live-chat/translation';
import { agentProcedure, router } from '../../trpc';
import { ZSetTranslationInput, ZSetTranslationOutput } from './schemas';

/** C7: the translator per conversation (see domain/live-chat/translation.ts). */
export const translationRouter = router({
  set: agentProcedure
    .input(ZSetTranslationInput)
    .output(ZSetTranslationOutput)
    .mutation(({ ctx, input }) =>
      setConversationTranslation(
        { db: ctx.deps.db, bus: ctx.deps.bus, plugins: ctx.deps.plugins, logger: ctx.deps.logger },
        ctx.actor,
        input,
      ),
    ),
});
