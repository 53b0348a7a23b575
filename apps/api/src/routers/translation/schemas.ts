import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type { setConversationTranslation } from '../../domain/live-chat/translation';
import { ZId } from '../../lib/schemas';

export const ZSetTranslationInput = z.object({
  conversationId: ZId,
  enabled: z.boolean(),
  /** The language agents read; default: the agent's console language. */
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})?$/)
    .optional(),
});
export const ZSetTranslationOutput = typeOnly<ResultOf<typeof setConversationTranslation>>();
