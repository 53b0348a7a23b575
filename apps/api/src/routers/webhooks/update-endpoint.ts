import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { updateEndpoint } from '../../domain/webhooks/endpoints';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';
import { endpointDeps, ZWebhookDescription, ZWebhookEvents, ZWebhookUrl } from './deps';

export const ZUpdateEndpointInput = z.object({
  id: ZId,
  url: ZWebhookUrl.optional(),
  description: ZWebhookDescription.optional(),
  events: ZWebhookEvents.optional(),
  enabled: z.boolean().optional(),
});

/** Changes an endpoint; a new URL rotates its secret (the answer carries the new one). */
export const updateEndpointProcedure = adminProcedure
  .input(ZUpdateEndpointInput)
  .output(typeOnly<ResultOf<typeof updateEndpoint>>())
  .mutation(({ ctx, input }) => updateEndpoint(endpointDeps(ctx), ctx.actor, input));
