import { z } from 'zod';
import {
  isAcceptableSelector,
  requestPageSnapshot,
  SELECTOR_MAX,
  sendPointer,
} from '../domain/live-chat/pointer';
import { ZId } from '../lib/schemas';
import { agentProcedure, router } from '../trpc';

const ZPageUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .optional();

/** C6: the agent points at an element of the visitor's page (see domain/live-chat/pointer.ts). */
export const pointerRouter = router({
  send: agentProcedure
    .input(
      z.object({
        conversationId: ZId,
        selector: z.string().trim().min(1).max(SELECTOR_MAX).refine(isAcceptableSelector),
        url: ZPageUrl,
      }),
    )
    .mutation(({ ctx, input }) => sendPointer(ctx.deps, ctx.actor, input)),

  /** Asks the visitor's page on `url` for a sanitised copy of itself (pages of another site). */
  requestSnapshot: agentProcedure
    .input(z.object({ conversationId: ZId, url: ZPageUrl }))
    .mutation(({ ctx, input }) => requestPageSnapshot(ctx.deps, ctx.actor, input)),
});
