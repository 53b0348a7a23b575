import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { translateText } from '../../domain/integrations/installs';
import { agentProcedure } from '../../trpc';
import { integrationDeps, ZLanguage } from './deps';

export const ZTranslateTextInput = z.object({
  text: z.string().min(1).max(5000),
  to: ZLanguage,
  from: ZLanguage.optional(),
});
export const ZTranslateTextOutput = typeOnly<ResultOf<typeof translateText>>();

export const translateTextProcedure = agentProcedure
  .input(ZTranslateTextInput)
  .output(ZTranslateTextOutput)
  .mutation(({ ctx, input }) => translateText(integrationDeps(ctx), ctx.actor.accountId, input));
